import type { OAuthAppCredentials } from '../../registry/platforms-config';

/** YouTube Data API v3 with Google OAuth 2.0. */
export interface YouTubeConfig extends OAuthAppCredentials {
  /** `https://www.googleapis.com`: the Data API and its `/upload` endpoints. */
  readonly apiBaseUrl: string;
  /** `https://accounts.google.com/o/oauth2/v2/auth`. */
  readonly authorizeUrl: string;
  /** `https://oauth2.googleapis.com`: `/token` and `/revoke`. */
  readonly oauthBaseUrl: string;
  /** Privacy of uploaded videos: `public`, `unlisted` or `private`. */
  readonly privacyStatus: 'public' | 'unlisted' | 'private';
  /** Video category; 22 is "People & Blogs", YouTube's usual default. */
  readonly categoryId: string;
  /** The project's daily quota in units, when Google granted more than the default. */
  readonly dailyQuotaUnits: number;
}
