import type { OAuthAppCredentials } from '../../registry/platforms-config';

/**
 * Instagram API with Instagram Login (Business Login for Instagram): the professional account is
 * reached on graph.instagram.com with an Instagram User token; no Facebook Page is involved.
 */
export interface InstagramConfig extends OAuthAppCredentials {
  /** `https://graph.instagram.com`; tests point it at a fake server. */
  readonly graphBaseUrl: string;
  /** `https://api.instagram.com`, which exchanges the authorization code. */
  readonly oauthBaseUrl: string;
  /** `https://www.instagram.com`, which shows the consent screen. */
  readonly authorizeBaseUrl: string;
  readonly graphVersion: string;
}
