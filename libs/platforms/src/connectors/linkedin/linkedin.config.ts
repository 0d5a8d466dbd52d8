import type { OAuthAppCredentials } from '../../registry/platforms-config';

/** LinkedIn's versioned REST API; `apiVersion` is the `LinkedIn-Version` header (YYYYMM). */
export interface LinkedInConfig extends OAuthAppCredentials {
  /** `https://api.linkedin.com`; tests point it at a fake server. */
  readonly apiBaseUrl: string;
  /** `https://www.linkedin.com`, home of `/oauth/v2/*`. */
  readonly oauthBaseUrl: string;
  readonly apiVersion: string;
  /**
   * Whether to ask for the organization scopes (posting for and reading Company Pages). They need
   * LinkedIn's Community Management API product; an app without it must leave this off, or the
   * consent screen refuses the request.
   */
  readonly organizations: boolean;
}

/**
 * Marketing API version the connector is written against; LinkedIn supports each monthly version
 * for at least a year. Source: https://learn.microsoft.com/en-us/linkedin/marketing/versioning (checked 2026-11-24).
 */
export const DEFAULT_LINKEDIN_VERSION = '202607';
