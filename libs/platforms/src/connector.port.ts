import type { OAuthTokens, SocialPlatform } from '@herald/accounts';
import type { PostMetrics, RenderedPost } from '@herald/posts';

/**
 * Tokens exactly as the accounts context stores them (encrypted, per credential subject). A
 * connector owns the meaning of its tokens: for a Facebook Page the access token is the Page
 * token and the refresh token the long-lived user token it derives from; for a webhook the
 * access token is the serialized target (see webhook-target.ts).
 */
export type TokenSet = OAuthTokens;

/** What the caller sends the user to, and what it must keep (server-side) until the callback. */
export interface AuthorizationRequest {
  readonly url: string;
  readonly state: string;
  /** RFC 7636 verifier, for platforms that support PKCE; never sent to the browser. */
  readonly codeVerifier: string | null;
}

export interface AuthorizationUrlInput {
  readonly state: string;
  readonly redirectUri: string;
  /** S256 challenge of the verifier; null for platforms without PKCE. */
  readonly codeChallenge: string | null;
}

export interface CodeExchangeInput {
  readonly code: string;
  readonly redirectUri: string;
  readonly codeVerifier: string | null;
}

/** An account the consent made reachable; a Facebook user may grant several Pages at once. */
export interface ConnectableAccount {
  readonly externalId: string;
  readonly handle: string;
  readonly displayName: string | null;
  readonly tokens: TokenSet;
}

export interface OAuthFlow {
  readonly supportsPkce: boolean;
  readonly supportsRefresh: boolean;
  readonly supportsRevoke: boolean;
  authorizationUrl(input: AuthorizationUrlInput): string;
  exchangeCode(input: CodeExchangeInput): Promise<TokenSet>;
  /** The accounts a fresh grant gives access to, each with the tokens to use for it. */
  listAccounts(tokens: TokenSet): Promise<readonly ConnectableAccount[]>;
  /** Throws `needs_reconnect` when the grant is gone; a null refresh token in the result keeps the old one. */
  refresh(tokens: TokenSet): Promise<TokenSet>;
  revoke(tokens: TokenSet): Promise<void>;
}

/** A connected account as the publisher calls it. */
export interface AccountCredentials {
  readonly externalId: string;
  readonly tokens: TokenSet;
}

export interface Profile {
  readonly externalId: string;
  readonly handle: string;
  readonly displayName: string | null;
  readonly url: string | null;
  readonly avatarUrl: string | null;
}

export interface PublishRequest {
  /** Chosen by the publisher and recorded before the call; sent where the platform accepts an idempotency key. */
  readonly attemptId: string;
  /** Rendered for this platform (variants and hashtags applied) by `renderForPlatform`. */
  readonly post: RenderedPost;
}

export type PublishResult =
  | { readonly status: 'published'; readonly platformPostId: string; readonly url: string | null }
  /** The platform is still processing (video, container); ask `publishStatus` with the handle. */
  | { readonly status: 'processing'; readonly handle: string; readonly checkAfterMs: number };

export interface PublishStatusQuery {
  readonly handle: string;
  /** The same request that started the publish: some platforms create the post only once media is ready. */
  readonly request: PublishRequest;
}

/** Metrics in the posts context's shape; those the platform does not report are listed, not faked. */
export interface PostMetricsReading {
  readonly metrics: PostMetrics;
  readonly unavailable: readonly (keyof PostMetrics)[];
}

export interface AccountMetrics {
  readonly followers: number | null;
  readonly following: number | null;
  readonly posts: number | null;
}

export interface RecentPost {
  readonly platformPostId: string;
  readonly url: string | null;
  readonly text: string;
  readonly createdAt: string;
}

export interface RecentPostsQuery {
  /** Only posts created at or after this instant (the attempt's start, less clock skew). */
  readonly since: Date;
  readonly limit: number;
}

export type RecentPostsLookup =
  | { readonly supported: true; readonly posts: readonly RecentPost[] }
  | { readonly supported: false; readonly reason: string };

export interface ConnectorCapabilities {
  /** A publish may answer `processing` and need `publishStatus`. */
  readonly asyncPublish: boolean;
  readonly postMetrics: boolean;
  readonly accountMetrics: boolean;
  /** `recentPosts` can find a post whose publish outcome is unknown. */
  readonly reconciliation: boolean;
}

/**
 * One connector per platform. Every method throws `PlatformError` for platform failures,
 * classified by kind; `validate` throws the posts context's `HeraldError` (POST.*) codes.
 */
export interface PlatformConnector {
  readonly platform: SocialPlatform;
  readonly capabilities: ConnectorCapabilities;
  /** Null for platforms connected without OAuth (webhooks). */
  readonly oauth: OAuthFlow | null;
  profile(credentials: AccountCredentials): Promise<Profile>;
  validate(post: RenderedPost): void;
  publish(credentials: AccountCredentials, request: PublishRequest): Promise<PublishResult>;
  publishStatus(credentials: AccountCredentials, query: PublishStatusQuery): Promise<PublishResult>;
  postMetrics(credentials: AccountCredentials, platformPostId: string): Promise<PostMetricsReading>;
  accountMetrics(credentials: AccountCredentials): Promise<AccountMetrics>;
  recentPosts(credentials: AccountCredentials, query: RecentPostsQuery): Promise<RecentPostsLookup>;
}
