import type { CommandContext } from '@herald/shared-kernel';
import type { MemberRole } from '@herald/organizations';
import type { SocialPlatform } from './social-platform';

/**
 * OAuth tokens as they arrive from the platform. They are plaintext here only: the decider marks
 * them as personal fields of the account's credential subject, so the event store encrypts them
 * (AES-256-GCM, per-subject key) before anything is written. See social-account.events.ts.
 */
export interface OAuthTokens {
  readonly accessToken: string;
  readonly refreshToken: string | null;
  /** ISO-8601; null when the platform issues non-expiring tokens (e.g. Facebook Page tokens). */
  readonly expiresAt: string | null;
  readonly scopes: readonly string[];
}

interface UserCommand {
  readonly context: CommandContext;
  /** The acting member's role; connecting and disconnecting accounts is for admins and managers. */
  readonly role: MemberRole;
}

/** Health reports come from the token-refresh saga and the publisher, never from a person. */
interface SystemCommand {
  readonly context: CommandContext;
}

export interface ConnectSocialAccount extends UserCommand {
  readonly type: 'ConnectSocialAccount';
  readonly accountId: string;
  readonly organizationId: string;
  readonly platform: SocialPlatform;
  readonly externalId: string;
  readonly handle: string;
  readonly displayName: string | null;
  readonly tokens: OAuthTokens;
  /** The plan's limit on connected accounts and the organization's current count (application layer). */
  readonly planLimit: { readonly limit: number; readonly connectedAccounts: number };
}

export interface ReconnectSocialAccount extends UserCommand {
  readonly type: 'ReconnectSocialAccount';
  readonly externalId: string;
  readonly handle: string;
  readonly tokens: OAuthTokens;
}

export interface DisconnectSocialAccount extends UserCommand {
  readonly type: 'DisconnectSocialAccount';
  readonly reason: string | null;
}

export interface RefreshSocialAccountTokens extends SystemCommand {
  readonly type: 'RefreshSocialAccountTokens';
  /** A null refresh token keeps the current one (platforms that do not rotate it). */
  readonly tokens: OAuthTokens;
}

export interface RecordTokenRefreshFailure extends SystemCommand {
  readonly type: 'RecordTokenRefreshFailure';
  readonly reason: string;
  /** The grant was revoked or is invalid: only a reconnect (new consent) can fix it. */
  readonly permanent: boolean;
}

export interface MarkSocialAccountRateLimited extends SystemCommand {
  readonly type: 'MarkSocialAccountRateLimited';
  readonly until: string;
}

export interface MarkSocialAccountError extends SystemCommand {
  readonly type: 'MarkSocialAccountError';
  readonly errorCode: string;
  readonly message: string;
}

export interface MarkSocialAccountExpired extends SystemCommand {
  readonly type: 'MarkSocialAccountExpired';
  readonly reason: string;
}

export interface MarkSocialAccountHealthy extends SystemCommand {
  readonly type: 'MarkSocialAccountHealthy';
}

export type SocialAccountCommand =
  | ConnectSocialAccount
  | ReconnectSocialAccount
  | DisconnectSocialAccount
  | RefreshSocialAccountTokens
  | RecordTokenRefreshFailure
  | MarkSocialAccountRateLimited
  | MarkSocialAccountError
  | MarkSocialAccountExpired
  | MarkSocialAccountHealthy;
