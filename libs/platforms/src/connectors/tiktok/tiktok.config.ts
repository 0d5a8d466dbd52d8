import type { OAuthAppCredentials } from '../../registry/platforms-config';

/** TikTok's Content Posting and Display APIs; `clientId` is TikTok's "client key". */
export interface TikTokConfig extends OAuthAppCredentials {
  /** `https://open.tiktokapis.com`; tests point it at a fake server. */
  readonly apiBaseUrl: string;
  /** `https://www.tiktok.com/v2/auth/authorize/`. */
  readonly authorizeUrl: string;
  /**
   * URL prefixes of domains verified with TikTok: media under them is pulled by TikTok itself
   * (PULL_FROM_URL); anything else is uploaded by Herald in chunks (FILE_UPLOAD). Photo posts can
   * only be pulled, so they need a verified prefix.
   */
  readonly pullFromUrlPrefixes: readonly string[];
  /**
   * Who may see the posts. TikTok requires the creator to choose; Herald applies this choice if the
   * creator's account offers it, and refuses the post otherwise. Unaudited apps may only post SELF_ONLY.
   */
  readonly privacyLevel: string;
}
