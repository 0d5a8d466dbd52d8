import type { DomainEvent, PersonalDataField } from '@herald/shared-kernel';
import type { SocialPlatform } from './social-platform';

export const socialAccountStreamId = (accountId: string): string => `socialAccount-${accountId}`;

/**
 * Tokens are never stored in plaintext. Each event that carries them lists `credentials.accessToken`
 * and `credentials.refreshToken` as personal fields of a *credential subject*, so the event store
 * encrypts them with that subject's AES-256-GCM key before writing (every copy — log, Kafka, backups —
 * holds ciphertext). The subject is per account and per connection generation
 * (`socialAccountCredentials:<accountId>:<generation>`): disconnecting lists the subjects to forget,
 * which crypto-shreds the tokens, and a later reconnect gets a fresh subject because a forgotten key
 * is never re-created. Folding the stream never needs the token values, so erased tokens cannot
 * break it.
 */
export const credentialSubjectId = (accountId: string, generation: number): string =>
  `socialAccountCredentials:${accountId}:${generation}`;

export interface StoredCredentials {
  readonly subjectId: string;
  readonly accessToken: string;
  /** null: the platform issued none, or (on refresh) the current one is kept. */
  readonly refreshToken: string | null;
}

export function credentialPersonalFields(credentials: StoredCredentials): PersonalDataField[] {
  const fields: PersonalDataField[] = [{ path: 'credentials.accessToken', subjectId: credentials.subjectId }];
  if (credentials.refreshToken !== null) {
    fields.push({ path: 'credentials.refreshToken', subjectId: credentials.subjectId });
  }
  return fields;
}

export type SocialAccountConnected = DomainEvent<
  'socialAccount.connected',
  {
    readonly accountId: string;
    readonly organizationId: string;
    readonly platform: SocialPlatform;
    readonly externalId: string;
    readonly handle: string;
    readonly displayName: string | null;
    readonly scopes: readonly string[];
    readonly tokenExpiresAt: string | null;
    readonly generation: number;
    readonly credentials: StoredCredentials;
    readonly connectedBy: string;
    readonly connectedAt: string;
  }
>;

export type SocialAccountReconnected = DomainEvent<
  'socialAccount.reconnected',
  {
    readonly accountId: string;
    readonly handle: string;
    readonly scopes: readonly string[];
    readonly tokenExpiresAt: string | null;
    readonly generation: number;
    readonly credentials: StoredCredentials;
    readonly reconnectedBy: string;
    readonly reconnectedAt: string;
  }
>;

export type SocialAccountTokensRefreshed = DomainEvent<
  'socialAccount.tokensRefreshed',
  {
    readonly accountId: string;
    readonly scopes: readonly string[];
    readonly tokenExpiresAt: string | null;
    readonly credentials: StoredCredentials;
    readonly refreshedAt: string;
  }
>;

export type SocialAccountTokenRefreshFailed = DomainEvent<
  'socialAccount.tokenRefreshFailed',
  {
    readonly accountId: string;
    readonly reason: string;
    readonly permanent: boolean;
    readonly failedAt: string;
  }
>;

export type SocialAccountRateLimited = DomainEvent<
  'socialAccount.rateLimited',
  { readonly accountId: string; readonly until: string; readonly at: string }
>;

export type SocialAccountErrored = DomainEvent<
  'socialAccount.errored',
  { readonly accountId: string; readonly errorCode: string; readonly message: string; readonly at: string }
>;

export type SocialAccountExpired = DomainEvent<
  'socialAccount.expired',
  { readonly accountId: string; readonly reason: string; readonly at: string }
>;

export type SocialAccountHealthRestored = DomainEvent<
  'socialAccount.healthRestored',
  { readonly accountId: string; readonly previousStatus: 'error' | 'rate_limited'; readonly at: string }
>;

export type SocialAccountDisconnected = DomainEvent<
  'socialAccount.disconnected',
  {
    readonly accountId: string;
    readonly reason: string | null;
    readonly disconnectedBy: string;
    readonly disconnectedAt: string;
    /** Credential subjects whose keys the disconnect saga forgets after revoking the tokens. */
    readonly credentialSubjectIds: readonly string[];
  }
>;

export type SocialAccountEvent =
  | SocialAccountConnected
  | SocialAccountReconnected
  | SocialAccountTokensRefreshed
  | SocialAccountTokenRefreshFailed
  | SocialAccountRateLimited
  | SocialAccountErrored
  | SocialAccountExpired
  | SocialAccountHealthRestored
  | SocialAccountDisconnected;

export const SOCIAL_ACCOUNT_EVENT_TYPES: readonly SocialAccountEvent['type'][] = [
  'socialAccount.connected',
  'socialAccount.reconnected',
  'socialAccount.tokensRefreshed',
  'socialAccount.tokenRefreshFailed',
  'socialAccount.rateLimited',
  'socialAccount.errored',
  'socialAccount.expired',
  'socialAccount.healthRestored',
  'socialAccount.disconnected',
];
