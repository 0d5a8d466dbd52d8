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
export * from './testing';
