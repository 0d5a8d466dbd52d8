import { EVENT_STORE, type EventStore } from '@herald/event-store';
import type { ReadStore } from '@herald/read-store';
import { AccessTokens } from '../../apps/api/src/identity/access-tokens';
import { READ_STORE } from '../../apps/api/src/infrastructure/read-store.module';
import { bootHeraldApi, errorCode, type HeraldApi } from './support/herald-api';

const REGISTER = `mutation ($input: RegisterInput!) {
  register(input: $input) { userId sessionId refreshToken access { token organizationId role } }
}`;
const LOGIN = `mutation ($input: LoginInput!) {
  login(input: $input) { userId sessionId refreshToken refreshTokenExpiresAt access { token expiresAt organizationId role } }
}`;
const REFRESH = `mutation ($token: String!) {
  refresh(input: { refreshToken: $token }) { sessionId refreshToken access { token } }
}`;
const ME = `{ me { userId sessionId organizationId role } }`;
const CREATE_ORG = `mutation ($name: String!, $key: String) {
  createOrganization(input: { name: $name, timeZone: "Europe/Paris" }, idempotencyKey: $key) {
    organizationId revision access { token organizationId role }
  }
}`;
const INVITE = `mutation ($input: InviteMemberInput!) {
  inviteMember(input: $input) { organizationId invitationId expiresAt invitationToken }
}`;
const ACCEPT = `mutation ($input: AcceptInvitationInput!) {
  acceptInvitation(input: $input) { organizationId access { token organizationId role } }
}`;
const CHANGE_ROLE = `mutation ($input: ChangeMemberRoleInput!) { changeMemberRole(input: $input) { organizationId revision } }`;
const ORGANIZATION = `query ($id: ID!) {
  organization(organizationId: $id) {
    id name plan settings { timeZone dataRetentionDays requiresApproval dailyCaps { platform cap } }
    members { userId role } pendingInvitations { id role }
  }
}`;

interface Registered {
  register: { userId: string; sessionId: string; refreshToken: string; access: { token: string } };
}
interface LoggedIn {
  login: {
    userId: string;
    sessionId: string;
    refreshToken: string;
    refreshTokenExpiresAt: string;
    access: { token: string; expiresAt: string; organizationId: string | null; role: string | null };
  };
}
interface Created {
  createOrganization: {
    organizationId: string;
    revision: number;
    access: { token: string; organizationId: string; role: string };
  };
}

let sequence = 0;
const newPerson = (name: string) => {
  sequence += 1;
  return {
    email: `${name.toLowerCase()}.${sequence}@example.com`,
    password: 'correct horse battery staple',
    name,
  };
};

describe('identity and tenancy over GraphQL', () => {
  let api: HeraldApi;

  beforeAll(async () => {
    api = await bootHeraldApi();
  });
  afterAll(() => api.close());

  async function register(person: ReturnType<typeof newPerson>): Promise<Registered['register']> {
    const result = await api.call<Registered>(REGISTER, { input: person });
    expect(result.errors).toBeUndefined();
    return (result.data as Registered).register;
  }

  async function login(person: { email: string; password: string }): Promise<LoggedIn['login']> {
    const result = await api.call<LoggedIn>(LOGIN, {
      input: { email: person.email, password: person.password },
    });
    expect(result.errors).toBeUndefined();
    return (result.data as LoggedIn).login;
  }

  /** An admin with an organization, plus a second person who joined it as a viewer. */
  async function organizationWithViewer() {
    const ada = newPerson('Ada');
    const bob = newPerson('Bob');
    await register(ada);
    const bobRegistered = await register(bob);
    const adaToken = (await login(ada)).access.token;
    const created = await api.call<Created>(CREATE_ORG, { name: 'Acme Studio' }, adaToken);
    expect(created.errors).toBeUndefined();
    const { organizationId, access } = (created.data as Created).createOrganization;
    const invitation = await api.call<{ inviteMember: { invitationId: string; invitationToken: string } }>(
      INVITE,
      { input: { organizationId, email: bob.email, role: 'viewer' } },
      access.token,
    );
    expect(invitation.errors).toBeUndefined();
    const { invitationId, invitationToken } = invitation.data?.inviteMember ?? {
      invitationId: '',
      invitationToken: '',
    };
    const bobToken = (await login(bob)).access.token;
    const joined = await api.call<{ acceptInvitation: { access: { token: string; role: string } } }>(
      ACCEPT,
      { input: { organizationId, invitationId, token: invitationToken } },
      bobToken,
    );
    expect(joined.errors).toBeUndefined();
    return {
      organizationId,
      adminToken: access.token,
      viewerId: bobRegistered.userId,
      viewerToken: joined.data?.acceptInvitation.access.token ?? '',
      viewerRole: joined.data?.acceptInvitation.access.role,
    };
  }

  it('registers, logs in, creates an organization, invites, and changes the member role', async () => {
    const org = await organizationWithViewer();
    expect(org.viewerRole).toBe('viewer');

    const changed = await api.call<{ changeMemberRole: { organizationId: string; revision: number } }>(
      CHANGE_ROLE,
      { input: { organizationId: org.organizationId, userId: org.viewerId, role: 'editor' } },
      org.adminToken,
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data?.changeMemberRole.organizationId).toBe(org.organizationId);

    // The role is read fresh on every request: the viewer's existing token now acts as editor.
    const me = await api.call<{ me: { role: string; organizationId: string } }>(
      ME,
      undefined,
      org.viewerToken,
    );
    expect(me.data?.me).toMatchObject({ organizationId: org.organizationId, role: 'editor' });

    await api.caughtUp();
    const read = await api.call<{
      organization: {
        name: string;
        settings: { timeZone: string };
        members: { userId: string; role: string }[];
      };
    }>(ORGANIZATION, { id: org.organizationId }, org.viewerToken);
    expect(read.errors).toBeUndefined();
    expect(read.data?.organization).toMatchObject({
      name: 'Acme Studio',
      settings: { timeZone: 'Europe/Paris' },
    });
    expect(read.data?.organization.members).toContainEqual({ userId: org.viewerId, role: 'editor' });
    expect(read.data?.organization.members.filter((member) => member.role === 'admin')).toHaveLength(1);
  });

  it('updates settings as admin, removes a member, and cuts the removed member off at once', async () => {
    const org = await organizationWithViewer();
    const settings = await api.call(
      `mutation ($input: UpdateOrganizationSettingsInput!) { updateOrganizationSettings(input: $input) { revision } }`,
      {
        input: {
          organizationId: org.organizationId,
          timeZone: 'America/New_York',
          dailyCaps: [{ platform: 'instagram', cap: 2 }],
        },
      },
      org.adminToken,
    );
    expect(settings.errors).toBeUndefined();
    const badZone = await api.call(
      `mutation ($input: UpdateOrganizationSettingsInput!) { updateOrganizationSettings(input: $input) { revision } }`,
      { input: { organizationId: org.organizationId, timeZone: 'Mars/Olympus' } },
      org.adminToken,
    );
    expect(badZone.errors?.[0].extensions).toMatchObject({ httpStatus: 400, details: { field: 'timeZone' } });

    const removed = await api.call(
      `mutation ($input: RemoveMemberInput!) { removeMember(input: $input) { organizationId } }`,
      { input: { organizationId: org.organizationId, userId: org.viewerId } },
      org.adminToken,
    );
    expect(removed.errors).toBeUndefined();
    const me = await api.call<{ me: { role: string | null } }>(ME, undefined, org.viewerToken);
    expect(me.data?.me.role).toBeNull();
    expect(errorCode(await api.call(ORGANIZATION, { id: org.organizationId }, org.viewerToken))).toBe(
      'NOT_FOUND',
    );
    expect(
      errorCode(
        await api.call(
          `mutation ($id: ID!) { switchOrganization(organizationId: $id) { token } }`,
          { id: org.organizationId },
          org.viewerToken,
        ),
      ),
    ).toBe('NOT_FOUND');

    await api.caughtUp();
    const read = await api.call<{
      organization: { settings: { timeZone: string; dailyCaps: unknown[] }; members: { userId: string }[] };
    }>(ORGANIZATION, { id: org.organizationId }, org.adminToken);
    expect(read.data?.organization.settings).toEqual({
      timeZone: 'America/New_York',
      dataRetentionDays: 730,
      requiresApproval: false,
      dailyCaps: [{ platform: 'instagram', cap: 2 }],
    });
    expect(read.data?.organization.members.map((member) => member.userId)).not.toContain(org.viewerId);
  });

  it('signs in to the oldest organization by default and switches to another one on request', async () => {
    const ada = newPerson('Ada');
    const { userId } = await register(ada);
    const token = (await login(ada)).access.token;
    const first = await api.call<Created>(CREATE_ORG, { name: 'First Co' }, token);
    const second = await api.call<Created>(
      CREATE_ORG,
      { name: 'Second Co' },
      first.data?.createOrganization.access.token,
    );
    expect(second.data?.createOrganization.access).toMatchObject({
      role: 'admin',
      organizationId: second.data?.createOrganization.organizationId,
    });
    await api.caughtUp();

    const signedIn = await login(ada);
    expect(signedIn.access).toMatchObject({
      organizationId: first.data?.createOrganization.organizationId,
      role: 'admin',
    });
    const switched = await api.call<{ switchOrganization: { token: string; organizationId: string } }>(
      `mutation ($id: ID!) { switchOrganization(organizationId: $id) { token organizationId } }`,
      { id: second.data?.createOrganization.organizationId },
      signedIn.access.token,
    );
    const me = await api.call<{ me: unknown }>(ME, undefined, switched.data?.switchOrganization.token);
    expect(me.data?.me).toEqual({
      userId,
      sessionId: signedIn.sessionId,
      organizationId: second.data?.createOrganization.organizationId,
      role: 'admin',
    });
  });

  it('records the request on the events: actor, tenant, request and correlation ids, origin', async () => {
    const ada = newPerson('Ada');
    const { userId } = await register(ada);
    const signedIn = await login(ada);
    const created = await api.call<Created>(CREATE_ORG, { name: 'Audit Co' }, signedIn.access.token, {
      'x-request-id': 'req-audit-1',
      'x-correlation-id': 'onboarding-42',
      'user-agent': 'herald-e2e/1.0',
    });
    const organizationId = created.data?.createOrganization.organizationId ?? '';
    const events = await api.app.get<EventStore>(EVENT_STORE).readStream(`organization-${organizationId}`);
    expect(events.map((event) => event.type)).toEqual(['organization.created', 'organization.memberAdded']);
    expect(events[0].metadata).toMatchObject({
      tenantId: organizationId,
      actor: { kind: 'user', id: userId },
      requestId: 'req-audit-1',
      correlationId: 'onboarding-42',
      causationId: null,
      ip: expect.stringMatching(/127\.0\.0\.1/),
      userAgent: 'herald-e2e/1.0',
    });
  });

  it('answers a wrong password and an unknown address alike with AUTH.INVALID_CREDENTIALS', async () => {
    const ada = newPerson('Ada');
    await register(ada);
    const wrong = await api.call(LOGIN, { input: { email: ada.email, password: 'not the password' } });
    const unknown = await api.call(LOGIN, {
      input: { email: 'nobody@example.com', password: 'whatever it is' },
    });
    for (const result of [wrong, unknown]) {
      expect(result.data).toBeNull();
      expect(result.errors?.[0]).toMatchObject({
        message: 'The email address or the password is wrong.',
        extensions: { code: 'AUTH.INVALID_CREDENTIALS', httpStatus: 401 },
      });
    }
  });

  it('refuses a second account for the same address, whatever its case', async () => {
    const ada = newPerson('Ada');
    await register(ada);
    const again = await api.call(REGISTER, { input: { ...ada, email: ada.email.toUpperCase() } });
    expect(errorCode(again)).toBe('USER.ALREADY_REGISTERED');
  });

  it('answers AUTH.UNAUTHENTICATED without a token, with a forged one and with an expired one', async () => {
    const ada = newPerson('Ada');
    await register(ada);
    const signedIn = await login(ada);
    const [header, payload] = signedIn.access.token.split('.');
    const forged = `${header}.${payload}.${'A'.repeat(43)}`;
    const expired = api.app
      .get(AccessTokens)
      .issue(
        { userId: signedIn.userId, sessionId: signedIn.sessionId, organizationId: null },
        new Date(Date.now() - 16 * 60 * 1000),
      ).token;

    expect(errorCode(await api.call(ME))).toBe('AUTH.UNAUTHENTICATED');
    expect(errorCode(await api.call(ME, undefined, forged))).toBe('AUTH.UNAUTHENTICATED');
    const late = await api.call(ME, undefined, expired);
    expect(late.errors?.[0].extensions).toMatchObject({
      code: 'AUTH.UNAUTHENTICATED',
      httpStatus: 401,
      details: { reason: 'expired' },
    });
    expect((await api.call(ME, undefined, signedIn.access.token)).data).toEqual({
      me: { userId: signedIn.userId, sessionId: signedIn.sessionId, organizationId: null, role: null },
    });
  });

  it('forbids a viewer to change roles before anything runs', async () => {
    const org = await organizationWithViewer();
    const result = await api.call(
      CHANGE_ROLE,
      { input: { organizationId: org.organizationId, userId: org.viewerId, role: 'admin' } },
      org.viewerToken,
    );
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'AUTH.FORBIDDEN',
      httpStatus: 403,
      details: { requiredRoles: ['admin'], role: 'viewer' },
    });
    const me = await api.call<{ me: { role: string } }>(ME, undefined, org.viewerToken);
    expect(me.data?.me.role).toBe('viewer');
  });

  it('rotates refresh tokens and revokes the whole family when a used one comes back', async () => {
    const ada = newPerson('Ada');
    await register(ada);
    const first = await login(ada);
    const other = await login(ada);

    const second = await api.call<{
      refresh: { sessionId: string; refreshToken: string; access: { token: string } };
    }>(REFRESH, { token: first.refreshToken });
    expect(second.errors).toBeUndefined();
    const rotated = second.data?.refresh;
    expect(rotated?.sessionId).toBe(first.sessionId);
    expect(rotated?.refreshToken).not.toBe(first.refreshToken);
    expect((await api.call(ME, undefined, rotated?.access.token)).errors).toBeUndefined();

    const reuse = await api.call(REFRESH, { token: first.refreshToken });
    expect(errorCode(reuse)).toBe('AUTH.REFRESH_TOKEN_REUSED');
    // The family is gone: the rotated refresh token and the access tokens of the session stop working.
    expect(errorCode(await api.call(REFRESH, { token: rotated?.refreshToken }))).toBe(
      'AUTH.REFRESH_TOKEN_INVALID',
    );
    expect(errorCode(await api.call(ME, undefined, rotated?.access.token))).toBe('AUTH.UNAUTHENTICATED');
    expect(errorCode(await api.call(ME, undefined, first.access.token))).toBe('AUTH.UNAUTHENTICATED');
    // Other sessions of the user are not part of the family.
    expect((await api.call(ME, undefined, other.access.token)).errors).toBeUndefined();
  });

  it('lists sessions, revokes one, and logs out', async () => {
    const ada = newPerson('Ada');
    await register(ada);
    const laptop = await login(ada);
    const phone = await login(ada);
    const listed = await api.call<{ sessions: { id: string; current: boolean }[] }>(
      `{ sessions { id current } }`,
      undefined,
      laptop.access.token,
    );
    expect(listed.data?.sessions.map((s) => s.id)).toEqual(
      expect.arrayContaining([laptop.sessionId, phone.sessionId]),
    );
    expect(listed.data?.sessions.find((s) => s.current)?.id).toBe(laptop.sessionId);

    const revoked = await api.call(
      `mutation ($id: ID!) { revokeSession(sessionId: $id) }`,
      { id: phone.sessionId },
      laptop.access.token,
    );
    expect(revoked.data).toEqual({ revokeSession: true });
    expect(errorCode(await api.call(REFRESH, { token: phone.refreshToken }))).toBe(
      'AUTH.REFRESH_TOKEN_INVALID',
    );

    expect((await api.call(`mutation { logout }`, undefined, laptop.access.token)).data).toEqual({
      logout: true,
    });
    expect(errorCode(await api.call(ME, undefined, laptop.access.token))).toBe('AUTH.UNAUTHENTICATED');
  });

  it("answers NOT_FOUND for another tenant's organization, for queries and mutations", async () => {
    const mine = await organizationWithViewer();
    const theirs = await organizationWithViewer();
    await api.caughtUp();
    const read = await api.call(ORGANIZATION, { id: theirs.organizationId }, mine.adminToken);
    expect(read.errors?.[0]).toMatchObject({ extensions: { code: 'NOT_FOUND', httpStatus: 404 } });
    const change = await api.call(
      CHANGE_ROLE,
      { input: { organizationId: theirs.organizationId, userId: theirs.viewerId, role: 'admin' } },
      mine.adminToken,
    );
    expect(errorCode(change)).toBe('NOT_FOUND');
    const unchanged = await api.call<{ me: { role: string } }>(ME, undefined, theirs.viewerToken);
    expect(unchanged.data?.me.role).toBe('viewer');
  });

  it('answers VALIDATION.FAILED naming the field users must fix', async () => {
    const result = await api.call(REGISTER, {
      input: { email: 'not-an-email', password: 'short', name: 'Ada' },
    });
    expect(result.errors?.[0].extensions).toMatchObject({
      code: 'VALIDATION.FAILED',
      httpStatus: 400,
      details: {
        field: 'email',
        fields: [
          { field: 'email', messages: ['must be a valid email address'] },
          { field: 'password', messages: ['must be at least 10 characters long'] },
        ],
      },
    });
    expect(result.errors?.[0].message).toMatch(/email: must be a valid email address/);
  });

  it('returns the first answer for a repeated idempotency key and creates one organization', async () => {
    const ada = newPerson('Ada');
    await register(ada);
    const token = (await login(ada)).access.token;
    const first = await api.call<Created>(CREATE_ORG, { name: 'Once Only', key: 'create-once-1' }, token);
    const again = await api.call<Created>(CREATE_ORG, { name: 'Once Only', key: 'create-once-1' }, token);
    expect(again.data?.createOrganization.organizationId).toBe(first.data?.createOrganization.organizationId);
    const reused = await api.call<Created>(
      CREATE_ORG,
      { name: 'Something Else', key: 'create-once-1' },
      token,
    );
    expect(errorCode(reused)).toBe('COMMAND.IDEMPOTENCY_KEY_REUSED');
  });
});

describe('unexpected failures over GraphQL', () => {
  it('answers INTERNAL without the cause, and logs the cause with the request id', async () => {
    const api = await bootHeraldApi();
    try {
      const person = { email: 'ops@example.com', password: 'correct horse battery staple', name: 'Ops' };
      await api.call(REGISTER, { input: person });
      const login = await api.call<LoggedIn>(LOGIN, {
        input: { email: person.email, password: person.password },
      });
      const token = (login.data as LoggedIn).login.access.token;
      // The read store holding the sessions goes away under the running API.
      await api.app.get<ReadStore>(READ_STORE).close();

      const result = await api.call(ME, undefined, token, { 'x-request-id': 'req-broken-1' });
      expect(result.errors?.[0]).toMatchObject({
        message: 'An unexpected error occurred; it has been logged.',
        extensions: { code: 'INTERNAL', httpStatus: 500, requestId: 'req-broken-1' },
      });
      expect(JSON.stringify(result.errors)).not.toMatch(/database|sqlite|open/i);
      const logged = api.logs.find((line) => line.requestId === 'req-broken-1' && line.level === 50);
      expect(logged).toMatchObject({ msg: 'unexpected error while resolving a GraphQL operation' });
      expect(JSON.stringify(logged?.err)).toMatch(/database connection is not open/);
    } finally {
      await api.close().catch(() => undefined);
    }
  });
});
