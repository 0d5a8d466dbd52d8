import type {
  AuthorizationUrlInput,
  CodeExchangeInput,
  ConnectableAccount,
  OAuthFlow,
  TokenSet,
} from '../../connector.port';
import { buildAuthorizationUrl } from '../../oauth/authorization-url';
import {
  OAuthTokenClient,
  refreshTokenGrant,
  type OAuthTokenClientOptions,
} from '../../oauth/oauth-token-request';
import type { LinkedInApi } from './linkedin-api';
import type { LinkedInConfig } from './linkedin.config';

/** OpenID Connect identifies the member; `w_member_social` posts as them. */
export const LINKEDIN_MEMBER_SCOPES = ['openid', 'profile', 'w_member_social'] as const;
/** Community Management API: post for, read and list the Company Pages a member administers. */
export const LINKEDIN_ORGANIZATION_SCOPES = [
  'w_organization_social',
  'r_organization_social',
  'rw_organization_admin',
] as const;
/** Bounds the organization listing: no member administers more Pages than this. */
const MAX_ORGANIZATIONS = 100;

/**
 * OAuth 2.0 three-legged flow (a confidential client; LinkedIn offers PKCE only to native apps).
 * Authorize at `/oauth/v2/authorization`, tokens at `POST /oauth/v2/accessToken` (60-day access
 * tokens; a refresh token only for partners LinkedIn enabled it for), revoke at `POST /oauth/v2/revoke`.
 * One grant reaches the member and every Page they administer, each listed as an account.
 * Sources: https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow,
 * https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens,
 * https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-access-control-by-role (checked 2026-11-24).
 */
export class LinkedInOAuthFlow implements OAuthFlow {
  readonly supportsPkce = false;
  readonly supportsRefresh = true;
  readonly supportsRevoke = true;
  private readonly tokenEndpoint: OAuthTokenClient;

  constructor(
    private readonly config: LinkedInConfig,
    private readonly api: LinkedInApi,
    options: OAuthTokenClientOptions = {},
  ) {
    this.tokenEndpoint = new OAuthTokenClient('linkedin', options);
  }

  get scopes(): readonly string[] {
    return this.config.organizations
      ? [...LINKEDIN_MEMBER_SCOPES, ...LINKEDIN_ORGANIZATION_SCOPES]
      : LINKEDIN_MEMBER_SCOPES;
  }

  authorizationUrl(input: AuthorizationUrlInput): string {
    return buildAuthorizationUrl(`${this.config.oauthBaseUrl}/oauth/v2/authorization`, {
      response_type: 'code',
      client_id: this.config.clientId,
      redirect_uri: input.redirectUri,
      state: input.state,
      scope: this.scopes.join(' '),
    });
  }

  exchangeCode(input: CodeExchangeInput): Promise<TokenSet> {
    return this.token(
      { grant_type: 'authorization_code', code: input.code, redirect_uri: input.redirectUri },
      this.scopes,
    );
  }

  async refresh(tokens: TokenSet): Promise<TokenSet> {
    const grant = refreshTokenGrant(
      'linkedin',
      tokens,
      'LinkedIn issued no refresh token to this app; the member must reconnect every 60 days',
    );
    return this.token(grant, tokens.scopes);
  }

  async revoke(tokens: TokenSet): Promise<void> {
    await this.tokenEndpoint.http.send({
      method: 'POST',
      url: `${this.config.oauthBaseUrl}/oauth/v2/revoke`,
      body: {
        kind: 'form',
        fields: {
          client_id: this.config.clientId,
          client_secret: this.config.clientSecret,
          token: tokens.accessToken,
        },
      },
    });
  }

  private token(fields: Record<string, string>, scopes: readonly string[]): Promise<TokenSet> {
    return this.tokenEndpoint.request({
      url: `${this.config.oauthBaseUrl}/oauth/v2/accessToken`,
      fields: { ...fields, client_id: this.config.clientId, client_secret: this.config.clientSecret },
      scopes,
    });
  }

  /** The member (from OpenID `userinfo`) and, with the organization scopes, each Page they administer. */
  async listAccounts(tokens: TokenSet): Promise<readonly ConnectableAccount[]> {
    const member = await this.api.member(tokens.accessToken);
    const accounts: ConnectableAccount[] = [
      { externalId: member.urn, handle: member.name ?? member.urn, displayName: member.name, tokens },
    ];
    if (!tokens.scopes.includes('rw_organization_admin')) return accounts;
    const urns = await this.api.json(
      tokens.accessToken,
      'GET',
      `/rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED&count=${MAX_ORGANIZATIONS}`,
      (body) => body.array('elements').map((acl) => acl.string('organization')),
    );
    for (const urn of urns) {
      const organization = await this.api.organization(tokens.accessToken, urn);
      accounts.push({
        externalId: urn,
        handle: organization.vanityName ?? urn,
        displayName: organization.name,
        tokens,
      });
    }
    return accounts;
  }
}
