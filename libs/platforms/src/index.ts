export * from './connector.port';
export * from './platform-error';
export * from './reconcile';
export { JsonReader, ResponseShapeError } from './http/json-reader';
export {
  PlatformHttpClient,
  DEFAULT_TIMEOUT_MS,
  type PlatformRequest,
  type PlatformResponse,
  type RequestBody,
  type ErrorClassifier,
  type PlatformHttpClientOptions,
} from './http/platform-http-client';
export {
  retryAfterFromHeader,
  retryAfterFromEpochSeconds,
  graphUsage,
  type GraphUsage,
} from './http/rate-limit-headers';
export {
  MediaSource,
  type MediaLimits,
  type MediaSourceOptions,
  type OpenedMedia,
} from './media/media-source';
export { sniffMedia, type SniffedMedia } from './media/media-sniff';
export { codeChallengeS256, createCodeVerifier } from './oauth/pkce';
export * from './oauth/oauth-state.port';
export { InMemoryOAuthStateStore } from './oauth/in-memory-oauth-state.store';
export { SqliteOAuthStateStore } from './oauth/sqlite-oauth-state.store';
export {
  OAuthStates,
  OAUTH_STATE_TTL_MS,
  type IssuedState,
  type OAuthStateOwner,
} from './oauth/oauth-states';
export { oauthStateStoreContract } from './oauth/oauth-state-store.contract';
export {
  OAuthConnection,
  type BeginConnection,
  type CompletedConnection,
  type ConnectionCallback,
  type RedirectCallback,
} from './oauth/oauth-connection';
export {
  classifyOAuthTokenError,
  parseTokenResponse,
  basicAuthorization,
} from './oauth/oauth-token-endpoint';
export * from './registry/platforms-config';
export * from './registry/platform-registry';
export { WebhookConnector, type WebhookConnectorOptions } from './connectors/webhook/webhook.connector';
export * from './connectors/webhook/webhook-target';
export {
  signWebhookBody,
  verifyWebhookSignature,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
} from './connectors/webhook/webhook-signature';
export { XConnector, type XConnectorOptions } from './connectors/x/x.connector';
export { X_SCOPES } from './connectors/x/x-oauth';
export { FacebookConnector, type FacebookConnectorOptions } from './connectors/facebook/facebook.connector';
export { FACEBOOK_SCOPES } from './connectors/facebook/facebook-oauth';
export {
  InstagramConnector,
  type InstagramConnectorOptions,
} from './connectors/instagram/instagram.connector';
export { INSTAGRAM_SCOPES } from './connectors/instagram/instagram-oauth';
export type { InstagramConfig } from './connectors/instagram/instagram.config';
export { LinkedInConnector, type LinkedInConnectorOptions } from './connectors/linkedin/linkedin.connector';
export { LINKEDIN_MEMBER_SCOPES, LINKEDIN_ORGANIZATION_SCOPES } from './connectors/linkedin/linkedin-oauth';
export { DEFAULT_LINKEDIN_VERSION, type LinkedInConfig } from './connectors/linkedin/linkedin.config';
export { TikTokConnector, type TikTokConnectorOptions } from './connectors/tiktok/tiktok.connector';
export { TIKTOK_SCOPES } from './connectors/tiktok/tiktok-oauth';
export type { TikTokConfig } from './connectors/tiktok/tiktok.config';
export { YouTubeConnector, type YouTubeConnectorOptions } from './connectors/youtube/youtube.connector';
export { YOUTUBE_SCOPES } from './connectors/youtube/youtube-oauth';
export type { YouTubeConfig } from './connectors/youtube/youtube.config';
export {
  YouTubeQuotaTracker,
  youtubeQuota,
  youtubeUnitsOnlyQuota,
  nextPacificMidnight,
  type YouTubeQuotaPolicy,
  type YouTubeMethod,
} from './connectors/youtube/youtube-quota';
export * from './testing';
