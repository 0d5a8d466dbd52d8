import { FixedClock } from '@herald/shared-kernel';
import type { TokenSet } from '../../connector.port';
import { FakePlatformServer, platformFailure } from '../../testing';
import { LinkedInOAuthFlow } from './linkedin-oauth';
import { LinkedInConnector } from './linkedin.connector';

const now = new Date('2026-11-24T10:00:00.000Z');
const tokens: TokenSet = {
  accessToken: 'li-token',
  refreshToken: 'li-refresh',
  expiresAt: null,
  scopes: ['openid', 'profile', 'w_member_social'],
};
const versioned = {
  authorization: 'Bearer li-token',
  'linkedin-version': '202607',
  'x-restli-protocol-version': '2.0.0',
};

describe(LinkedInOAuthFlow.name, () => {
  let api: FakePlatformServer;
  let sut: LinkedInConnector;
  const connector = (timeoutMs: number, organizations = true): LinkedInConnector =>
    new LinkedInConnector(
      {
        clientId: 'li-client',
        clientSecret: 'li-secret',
        apiBaseUrl: api.url,
        oauthBaseUrl: `${api.url}/www`,
        apiVersion: '202607',
        organizations,
      },
      { clock: new FixedClock(now), timeoutMs },
    );

  beforeAll(async () => {
    api = await FakePlatformServer.start();
  });
  afterAll(() => api.close());
  beforeEach(() => {
    api.reset();
    sut = connector(10_000);
  });

  describe('OAuth 2.0 three-legged flow', () => {
    it('asks for member scopes, and organization scopes only where the app has the Community Management API', () => {
      const url = new URL(
        sut.oauth.authorizationUrl({
          state: 'st',
          redirectUri: 'https://app.example.com/cb',
          codeChallenge: null,
        }),
      );
      expect(url.pathname).toBe('/www/oauth/v2/authorization');
      expect(Object.fromEntries(url.searchParams)).toEqual({
        response_type: 'code',
        client_id: 'li-client',
        redirect_uri: 'https://app.example.com/cb',
        state: 'st',
        scope:
          'openid profile w_member_social w_organization_social r_organization_social rw_organization_admin',
      });
      const memberOnly = new URL(
        connector(1000, false).oauth.authorizationUrl({
          state: 's',
          redirectUri: 'https://a/cb',
          codeChallenge: null,
        }),
      );
      expect(memberOnly.searchParams.get('scope')).toBe('openid profile w_member_social');
    });

    it('exchanges the code and refreshes where LinkedIn issued a refresh token', async () => {
      api.on('POST', '/www/oauth/v2/accessToken', {
        json: {
          access_token: 'a1',
          expires_in: 5_184_000,
          refresh_token: 'r1',
          refresh_token_expires_in: 31_536_000,
          scope: 'openid,profile,w_member_social',
        },
      });
      expect(
        await sut.oauth.exchangeCode({
          code: 'c0de',
          redirectUri: 'https://app.example.com/cb',
          codeVerifier: null,
        }),
      ).toEqual({
        accessToken: 'a1',
        refreshToken: 'r1',
        expiresAt: '2027-01-23T10:00:00.000Z',
        scopes: ['openid', 'profile', 'w_member_social'],
      });
      expect(api.requests[0].form()).toEqual({
        grant_type: 'authorization_code',
        code: 'c0de',
        redirect_uri: 'https://app.example.com/cb',
        client_id: 'li-client',
        client_secret: 'li-secret',
      });
      await sut.oauth.refresh(tokens);
      expect(api.requests[1].form()).toEqual({
        grant_type: 'refresh_token',
        refresh_token: 'li-refresh',
        client_id: 'li-client',
        client_secret: 'li-secret',
      });
    });

    it('needs a reconnect without a refresh token or when the refresh token is refused', async () => {
      expect(await platformFailure(sut.oauth.refresh({ ...tokens, refreshToken: null }))).toMatchObject({
        kind: 'needs_reconnect',
      });
      api.on('POST', '/www/oauth/v2/accessToken', {
        status: 400,
        json: {
          error: 'invalid_grant',
          error_description:
            'The provided authorization grant or refresh token is invalid, expired or revoked',
        },
      });
      expect(await platformFailure(sut.oauth.refresh(tokens))).toMatchObject({
        kind: 'needs_reconnect',
        platformCode: 'invalid_grant',
      });
    });

    it('revokes the access token', async () => {
      api.on('POST', '/www/oauth/v2/revoke', { status: 200, body: '' });
      await sut.oauth.revoke(tokens);
      expect(api.requests[0].form()).toEqual({
        client_id: 'li-client',
        client_secret: 'li-secret',
        token: 'li-token',
      });
    });

    it('lists the member and every Company Page they administer', async () => {
      api.on('GET', '/v2/userinfo', {
        json: { sub: 'abc123', name: 'Ada Lovelace', picture: 'https://media.licdn.com/p.jpg' },
      });
      api.on('GET', '/rest/organizationAcls', {
        json: {
          elements: [
            { organization: 'urn:li:organization:2414183', role: 'ADMINISTRATOR', state: 'APPROVED' },
          ],
        },
      });
      api.on('GET', '/rest/organizations/:id', {
        json: { id: 2414183, localizedName: 'Herald Inc', vanityName: 'herald' },
      });
      const grant = { ...tokens, scopes: [...tokens.scopes, 'rw_organization_admin'] };
      expect(await sut.oauth.listAccounts(grant)).toEqual([
        {
          externalId: 'urn:li:person:abc123',
          handle: 'Ada Lovelace',
          displayName: 'Ada Lovelace',
          tokens: grant,
        },
        {
          externalId: 'urn:li:organization:2414183',
          handle: 'herald',
          displayName: 'Herald Inc',
          tokens: grant,
        },
      ]);
      expect(api.requests[1]).toMatchObject({
        query: { q: 'roleAssignee', role: 'ADMINISTRATOR', state: 'APPROVED', count: '100' },
        headers: versioned,
      });
      expect(api.requests[2].path).toBe('/rest/organizations/2414183');
    });
  });
});
