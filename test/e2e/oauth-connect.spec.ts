import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { FakePlatformServer, codeChallengeS256 } from '@herald/platforms';
import { startApi } from '../../apps/api/src/api.bootstrap';
import { OAUTH_STATES_FILE } from '../../apps/api/src/accounts/platform-connections.providers';
import { ProjectionHost } from '../../apps/worker/src/infrastructure/projections/projection-host';
import { queryGraphQL, type ExecutionResult } from './support/graphql-client';
import { captureLogs } from './support/log-capture';

const APP_BASE_URL = 'https://app.example.test/settings/accounts';
const PLATFORM_VARIABLES = /^(X|FACEBOOK|INSTAGRAM|LINKEDIN|TIKTOK|YOUTUBE)_|^PLATFORM_TIMEOUT_MS$/;

const START = `mutation ($platform: SocialPlatform!, $key: String) {
  startAccountConnection(platform: $platform, idempotencyKey: $key) { authorizationUrl expiresAt }
}`;
const ACCOUNTS = `query ($health: [AccountHealth!]) {
  socialAccounts(health: $health) { id platform handle displayName health generation scopes tokenExpiresAt }
}`;
const ACCOUNT = `query ($id: ID!) { socialAccount(id: $id) { id handle } }`;
const DISCONNECT = `mutation ($id: ID!) { disconnectAccount(id: $id, reason: "done") { accountId revokedAtPlatform } }`;
const WEBHOOK = `mutation ($input: ConnectWebhookAccountInput!) { connectWebhookAccount(input: $input) { accountId } }`;

interface Account {
  id: string;
  platform: string;
  handle: string;
  displayName: string | null;
  health: string;
  generation: number;
}

const code = (result: ExecutionResult<unknown>): unknown =>
  (result.errors?.[0] as { extensions?: { code?: unknown } } | undefined)?.extensions?.code;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('OAuth connect flow at the API edge', () => {
  let platform: FakePlatformServer;
  let app: NestExpressApplication;
  let apiBase: string;
  let dataDir: string;
  let events: EventStore;
  const savedEnv = { ...process.env };
  let people = 0;

  beforeAll(async () => {
    platform = await FakePlatformServer.start();
    for (const name of Object.keys(process.env)) if (PLATFORM_VARIABLES.test(name)) delete process.env[name];
    Object.assign(process.env, {
      X_CLIENT_ID: 'x-client',
      X_CLIENT_SECRET: 'x-secret',
      X_API_BASE_URL: platform.url,
      X_AUTHORIZE_URL: `${platform.url}/i/oauth2/authorize`,
      FACEBOOK_APP_ID: 'fb-app',
      FACEBOOK_APP_SECRET: 'fb-secret',
      FACEBOOK_API_BASE_URL: platform.url,
      FACEBOOK_DIALOG_BASE_URL: platform.url,
      PLATFORM_TIMEOUT_MS: '2000',
    });
    dataDir = mkdtempSync(path.join(tmpdir(), 'herald-e2e-oauth-'));
    const port = await freePort();
    apiBase = `http://127.0.0.1:${port}`;
    app = await startApi(
      {
        HERALD_DATA_DIR: dataDir,
        PORT: String(port),
        HOST: '127.0.0.1',
        API_BASE_URL: apiBase,
        APP_BASE_URL,
        // Many users sign in from one loopback address here; graphql-safety.spec checks the limits.
        RATE_LIMIT_AUTH_PER_MINUTE: '0',
      },
      { logDestination: captureLogs().destination },
    );
    events = app.get<EventStore>(EVENT_STORE);
  });

  afterAll(async () => {
    await app?.close();
    await platform?.close();
    process.env = savedEnv;
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  beforeEach(() => platform.reset());

  const gql = <Data>(
    query: string,
    variables: Record<string, unknown>,
    token: string,
  ): Promise<ExecutionResult<Data>> =>
    queryGraphQL<Data>(`${apiBase}/graphql`, query, variables, { authorization: `Bearer ${token}` });

  async function ok<Data>(query: string, variables: Record<string, unknown>, token: string): Promise<Data> {
    const result = await gql<Data>(query, variables, token);
    expect(result.errors).toBeUndefined();
    return result.data as Data;
  }

  async function person(): Promise<{ email: string; token: string }> {
    people += 1;
    const input = {
      email: `person.${people}@example.com`,
      password: 'correct horse battery staple',
      name: `P${people}`,
    };
    const result = await queryGraphQL<{ register: { access: { token: string } } }>(
      `${apiBase}/graphql`,
      `mutation ($input: RegisterInput!) { register(input: $input) { access { token } } }`,
      { input },
    );
    expect(result.errors).toBeUndefined();
    return { email: input.email, token: result.data?.register.access.token ?? '' };
  }

  /** An admin in a new organization, optionally with a member of the given role. */
  async function organization(memberRole?: string) {
    const admin = await person();
    const created = await ok<{ createOrganization: { organizationId: string; access: { token: string } } }>(
      `mutation { createOrganization(input: { name: "Acme" }) { organizationId access { token } } }`,
      {},
      admin.token,
    );
    const { organizationId } = created.createOrganization;
    const adminToken = created.createOrganization.access.token;
    if (memberRole === undefined) return { organizationId, adminToken, memberToken: '', memberId: '' };
    const member = await person();
    const invited = await ok<{ inviteMember: { invitationId: string; invitationToken: string } }>(
      `mutation ($input: InviteMemberInput!) { inviteMember(input: $input) { invitationId invitationToken } }`,
      { input: { organizationId, email: member.email, role: memberRole } },
      adminToken,
    );
    const joined = await ok<{ acceptInvitation: { access: { token: string } } }>(
      `mutation ($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { access { token } } }`,
      {
        input: {
          organizationId,
          invitationId: invited.inviteMember.invitationId,
          token: invited.inviteMember.invitationToken,
        },
      },
      member.token,
    );
    const me = await ok<{ me: { userId: string } }>(
      `{ me { userId } }`,
      {},
      joined.acceptInvitation.access.token,
    );
    return {
      organizationId,
      adminToken,
      memberToken: joined.acceptInvitation.access.token,
      memberId: me.me.userId,
    };
  }

  async function start(token: string, platformId: string): Promise<URL> {
    const data = await ok<{ startAccountConnection: { authorizationUrl: string } }>(
      START,
      { platform: platformId },
      token,
    );
    return new URL(data.startAccountConnection.authorizationUrl);
  }

  /** The platform's redirect of the user's browser, as the browser would follow it. */
  async function callback(platformId: string, params: Record<string, string>): Promise<URLSearchParams> {
    const response = await fetch(`${apiBase}/oauth/${platformId}/callback?${new URLSearchParams(params)}`, {
      redirect: 'manual',
    });
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location') ?? '');
    expect(`${location.origin}${location.pathname}`).toBe(APP_BASE_URL);
    return location.searchParams;
  }

  function scriptX(userId = '1001', username = 'heraldhq'): void {
    platform.on('POST', '/2/oauth2/token', {
      json: {
        token_type: 'bearer',
        access_token: `x-access-${userId}`,
        refresh_token: `x-refresh-${userId}`,
        expires_in: 7200,
        scope: 'tweet.read tweet.write users.read offline.access',
      },
    });
    platform.on('GET', '/2/users/me', { json: { data: { id: userId, username, name: 'Herald HQ' } } });
  }

  async function accountsOf(token: string, health?: string[]): Promise<Account[]> {
    await app.get(ProjectionHost).whenCaughtUp(undefined, { timeoutMs: 10_000 });
    return (await ok<{ socialAccounts: Account[] }>(ACCOUNTS, health ? { health } : {}, token))
      .socialAccounts;
  }

  const connectedEvents = async (): Promise<number> =>
    (
      await events.readAll({
        filter: {
          categories: ['socialAccount'],
          eventTypes: ['socialAccount.connected', 'socialAccount.reconnected'],
        },
      })
    ).length;

  it('lists every platform, those without credentials as unavailable with the variables to set', async () => {
    const { adminToken } = await organization();
    const data = await ok<{
      platforms: { id: string; available: boolean; reason: string | null; capabilities: unknown }[];
    }>(
      `{ platforms { id name available reason usesOAuth capabilities { asyncPublish postMetrics reconciliation } } }`,
      {},
      adminToken,
    );
    const byId = new Map(data.platforms.map((p) => [p.id, p]));
    expect(byId.get('x')).toMatchObject({ available: true, reason: null, capabilities: expect.any(Object) });
    expect(byId.get('facebook')).toMatchObject({ available: true });
    expect(byId.get('webhook')).toMatchObject({ available: true });
    expect(byId.get('youtube')).toMatchObject({
      available: false,
      capabilities: null,
      reason: expect.stringContaining('YOUTUBE_CLIENT_ID'),
    });
    const keyed = async (key: string): Promise<string> =>
      (
        await ok<{ startAccountConnection: { authorizationUrl: string } }>(
          START,
          { platform: 'x', key },
          adminToken,
        )
      ).startAccountConnection.authorizationUrl;
    const first = await keyed('connect-x-1');
    expect(await keyed('connect-x-1')).toBe(first);
    expect(await keyed('connect-x-2')).not.toBe(first);
    const refused = await gql(START, { platform: 'youtube' }, adminToken);
    expect(code(refused)).toBe('PLATFORM.UNAVAILABLE');
  });

  it('connects an X account: mutation, consent, callback with PKCE, account listed with its tokens encrypted', async () => {
    const { adminToken } = await organization();
    const url = await start(adminToken, 'x');
    expect(`${url.origin}${url.pathname}`).toBe(`${platform.url}/i/oauth2/authorize`);
    expect(url.searchParams.get('redirect_uri')).toBe(`${apiBase}/oauth/x/callback`);
    expect(url.searchParams.get('code_challenge_method')).toBe('S256');
    const state = url.searchParams.get('state') ?? '';

    scriptX('1001', 'heraldhq');
    const outcome = await callback('x', { code: 'consent-code', state });
    expect(outcome.get('error')).toBeNull();
    expect(outcome.get('platform')).toBe('x');
    const accountId = outcome.get('connected') ?? '';

    const [exchange] = platform.requestsTo('POST', '/2/oauth2/token');
    const form = exchange.form();
    expect(form).toMatchObject({
      grant_type: 'authorization_code',
      code: 'consent-code',
      redirect_uri: `${apiBase}/oauth/x/callback`,
    });
    expect(codeChallengeS256(form.code_verifier)).toBe(url.searchParams.get('code_challenge'));

    const accounts = await accountsOf(adminToken);
    expect(accounts).toEqual([
      expect.objectContaining({
        id: accountId,
        platform: 'x',
        handle: 'heraldhq',
        health: 'active',
        generation: 1,
      }),
    ]);
    const [connected] = await events.readStream(`socialAccount-${accountId}`);
    expect(connected.data).toMatchObject({
      externalId: '1001',
      credentials: { accessToken: 'x-access-1001', refreshToken: 'x-refresh-1001' },
    });
    const stored = ['events.db', 'events.db-wal'].map((file) => path.join(dataDir, file)).filter(existsSync);
    for (const file of stored) expect(readFileSync(file).includes('x-access-1001')).toBe(false);

    // The same state again: refused, and the platform is not asked a second time.
    const before = await connectedEvents();
    expect((await callback('x', { code: 'consent-code', state })).get('error')).toBe(
      'PLATFORM.OAUTH_STATE_INVALID',
    );
    expect(platform.requestsTo('POST', '/2/oauth2/token')).toHaveLength(1);
    expect(await connectedEvents()).toBe(before);
  });

  it('reconnects an account the organization already has when the same platform account consents again', async () => {
    const { adminToken } = await organization();
    scriptX('2002', 'agency');
    const first = (
      await callback('x', {
        code: 'c1',
        state: (await start(adminToken, 'x')).searchParams.get('state') ?? '',
      })
    ).get('connected');
    // Existing accounts are found through the accounts read model: the person consents seconds later.
    await accountsOf(adminToken);
    const second = (
      await callback('x', {
        code: 'c2',
        state: (await start(adminToken, 'x')).searchParams.get('state') ?? '',
      })
    ).get('connected');
    expect(second).toBe(first);
    expect(await accountsOf(adminToken)).toEqual([expect.objectContaining({ id: first, generation: 2 })]);
  });

  it('refuses forged, expired and cross-platform states without calling the platform or creating an account', async () => {
    const { adminToken } = await organization();
    const before = await connectedEvents();
    scriptX();
    expect((await callback('x', { code: 'c', state: 'forged-state-value' })).get('error')).toBe(
      'PLATFORM.OAUTH_STATE_INVALID',
    );
    expect((await callback('x', { code: 'c' })).get('error')).toBe('PLATFORM.OAUTH_STATE_INVALID');

    const expiring = (await start(adminToken, 'x')).searchParams.get('state') ?? '';
    const db = new Database(path.join(dataDir, OAUTH_STATES_FILE));
    try {
      const hash = createHash('sha256').update(expiring).digest('hex');
      const changed = db
        .prepare('UPDATE oauth_states SET expires_at = ? WHERE state_hash = ?')
        .run('2020-01-01T00:00:00.000Z', hash);
      expect(changed.changes).toBe(1);
    } finally {
      db.close();
    }
    expect((await callback('x', { code: 'c', state: expiring })).get('error')).toBe(
      'PLATFORM.OAUTH_STATE_EXPIRED',
    );

    const forX = (await start(adminToken, 'x')).searchParams.get('state') ?? '';
    expect((await callback('facebook', { code: 'c', state: forX })).get('error')).toBe(
      'PLATFORM.OAUTH_STATE_MISMATCH',
    );
    expect((await callback('x', { code: 'c', state: forX })).get('error')).toBe(
      'PLATFORM.OAUTH_STATE_INVALID',
    );

    expect((await callback('myspace', { code: 'c', state: forX })).get('error')).toBe(
      'PLATFORM.NOT_SUPPORTED',
    );
    expect(platform.requests).toHaveLength(0);
    expect(await connectedEvents()).toBe(before);
    expect(await accountsOf(adminToken)).toEqual([]);
  });

  it('reports a declined consent and failed code exchanges as errors, with nothing connected', async () => {
    const { adminToken } = await organization();
    const before = await connectedEvents();
    const declined = (await start(adminToken, 'x')).searchParams.get('state') ?? '';
    const answer = await callback('x', {
      state: declined,
      error: 'access_denied',
      error_description: '<script>',
    });
    expect(answer.get('error')).toBe('PLATFORM.OAUTH_DENIED');
    expect([...answer.keys()].sort()).toEqual(['error', 'platform']);

    platform.on('POST', '/2/oauth2/token', {
      status: 400,
      json: {
        error: 'invalid_grant',
        error_description: 'Value passed for the authorization code was invalid.',
      },
    });
    const refused = (await start(adminToken, 'x')).searchParams.get('state') ?? '';
    expect((await callback('x', { code: 'stale', state: refused })).get('error')).toBe(
      'PLATFORM.NEEDS_RECONNECT',
    );

    platform.on('POST', '/2/oauth2/token', { status: 500, body: 'upstream exploded' });
    const failing = (await start(adminToken, 'x')).searchParams.get('state') ?? '';
    expect((await callback('x', { code: 'c', state: failing })).get('error')).toBe('PLATFORM.TRANSIENT');

    expect(platform.requestsTo('GET', '/2/users/me')).toHaveLength(0);
    expect(await connectedEvents()).toBe(before);
  });

  it('lets only admins and managers connect, and checks the role again when the platform calls back', async () => {
    const viewerOrg = await organization('viewer');
    expect(code(await gql(START, { platform: 'x' }, viewerOrg.memberToken))).toBe('AUTH.FORBIDDEN');
    expect(await accountsOf(viewerOrg.memberToken)).toEqual([]);

    const managerOrg = await organization('manager');
    const state = (await start(managerOrg.memberToken, 'x')).searchParams.get('state') ?? '';
    await ok(
      `mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { revision } }`,
      { input: { organizationId: managerOrg.organizationId, userId: managerOrg.memberId, role: 'editor' } },
      managerOrg.adminToken,
    );
    scriptX();
    expect((await callback('x', { code: 'c', state })).get('error')).toBe('ACCOUNT.FORBIDDEN');
    expect(platform.requests).toHaveLength(0);
  });

  it('connects every Facebook Page of a grant, and keeps the shared grant when one Page is disconnected', async () => {
    const { adminToken } = await organization();
    platform.on(
      'GET',
      '/v26.0/oauth/access_token',
      { json: { access_token: 'fb-short' } },
      { json: { access_token: 'fb-user-long', expires_in: 5_184_000 } },
    );
    platform.on('GET', '/v26.0/me/accounts', {
      json: {
        data: [
          {
            id: 'p1',
            name: 'Acme Paris',
            username: 'acmeparis',
            access_token: 'page-1',
            tasks: ['CREATE_CONTENT'],
          },
          { id: 'p2', name: 'Acme Lyon', access_token: 'page-2', tasks: ['CREATE_CONTENT', 'MODERATE'] },
          { id: 'p3', name: 'Read only', access_token: 'page-3', tasks: ['ANALYZE'] },
        ],
      },
    });
    const url = await start(adminToken, 'facebook');
    expect(url.searchParams.get('redirect_uri')).toBe(`${apiBase}/oauth/facebook/callback`);
    const connected =
      (await callback('facebook', { code: 'fb-code', state: url.searchParams.get('state') ?? '' })).get(
        'connected',
      ) ?? '';
    const ids = connected.split(',');
    expect(ids).toHaveLength(2);
    expect((await accountsOf(adminToken)).map((a) => a.handle).sort()).toEqual(['acmeparis', 'p2']);

    platform.on('DELETE', '/v26.0/me/permissions', { json: { success: true } });
    const first = await ok<{ disconnectAccount: { revokedAtPlatform: boolean } }>(
      DISCONNECT,
      { id: ids[0] },
      adminToken,
    );
    expect(first.disconnectAccount.revokedAtPlatform).toBe(false);
    await accountsOf(adminToken);
    const last = await ok<{ disconnectAccount: { revokedAtPlatform: boolean } }>(
      DISCONNECT,
      { id: ids[1] },
      adminToken,
    );
    expect(last.disconnectAccount.revokedAtPlatform).toBe(true);
    expect(platform.requestsTo('DELETE', '/v26.0/me/permissions').map((r) => r.query.access_token)).toEqual([
      'fb-user-long',
    ]);
  });

  it("disconnects an X account after revoking its tokens, and hides other tenants' accounts", async () => {
    const mine = await organization();
    const theirs = await organization();
    scriptX('3003', 'mine');
    const accountId =
      (
        await callback('x', {
          code: 'c',
          state: (await start(mine.adminToken, 'x')).searchParams.get('state') ?? '',
        })
      ).get('connected') ?? '';
    await accountsOf(mine.adminToken);

    expect(code(await gql(ACCOUNT, { id: accountId }, theirs.adminToken))).toBe('NOT_FOUND');
    expect(code(await gql(DISCONNECT, { id: accountId }, theirs.adminToken))).toBe('NOT_FOUND');
    expect(
      await ok<{ socialAccount: { handle: string } }>(ACCOUNT, { id: accountId }, mine.adminToken),
    ).toEqual({ socialAccount: { id: accountId, handle: 'mine' } });

    platform.on('POST', '/2/oauth2/revoke', { json: { revoked: true } });
    const done = await ok<{ disconnectAccount: { revokedAtPlatform: boolean } }>(
      DISCONNECT,
      { id: accountId },
      mine.adminToken,
    );
    expect(done.disconnectAccount).toEqual({ accountId, revokedAtPlatform: true });
    expect(platform.requestsTo('POST', '/2/oauth2/revoke').map((r) => r.form().token)).toEqual([
      'x-refresh-3003',
      'x-access-3003',
    ]);
    expect(await accountsOf(mine.adminToken)).toEqual([]);
    expect(await accountsOf(mine.adminToken, ['disconnected'])).toEqual([
      expect.objectContaining({ id: accountId, health: 'disconnected' }),
    ]);
  });

  it('connects and disconnects a webhook target without OAuth, refusing an unsafe URL', async () => {
    const { adminToken, organizationId } = await organization();
    const input = {
      kind: 'generic',
      url: 'http://127.0.0.1:9/hooks/herald',
      signingSecret: 's'.repeat(24),
      name: 'Local receiver',
    };
    expect(
      code(await gql(WEBHOOK, { input: { ...input, url: 'http://example.com/hook' } }, adminToken)),
    ).toBe('PLATFORM.INVALID_WEBHOOK_TARGET');
    expect(code(await gql(START, { platform: 'webhook' }, adminToken))).toBe('PLATFORM.NOT_SUPPORTED');

    const accountId = (
      await ok<{ connectWebhookAccount: { accountId: string } }>(WEBHOOK, { input }, adminToken)
    ).connectWebhookAccount.accountId;
    expect(await accountsOf(adminToken)).toEqual([
      expect.objectContaining({
        id: accountId,
        platform: 'webhook',
        handle: 'generic:127.0.0.1:9',
        displayName: 'Local receiver',
      }),
    ]);
    const [connected] = await events.readStream(`socialAccount-${accountId}`);
    expect(connected.metadata.tenantId).toBe(organizationId);

    const done = await ok<{ disconnectAccount: { revokedAtPlatform: boolean } }>(
      DISCONNECT,
      { id: accountId },
      adminToken,
    );
    expect(done.disconnectAccount.revokedAtPlatform).toBe(false);
    expect(await accountsOf(adminToken)).toEqual([]);
    expect(platform.requests).toHaveLength(0);
  });
});
