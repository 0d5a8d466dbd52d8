import type { SocialPlatform } from '@herald/accounts';

/**
 * A pending authorization, kept server-side between the redirect to the platform and the
 * callback. Only the SHA-256 of the state is stored: a leaked table cannot be replayed.
 */
export interface OAuthStateRecord {
  readonly stateHash: string;
  readonly userId: string;
  readonly organizationId: string;
  readonly platform: SocialPlatform;
  readonly redirectUri: string;
  readonly codeVerifier: string | null;
  /** ISO-8601 instants. */
  readonly createdAt: string;
  readonly expiresAt: string;
}

export interface OAuthStateStore {
  save(record: OAuthStateRecord): Promise<void>;
  /** Removes and returns the record in one step: two racing callbacks cannot both consume one state. */
  take(stateHash: string): Promise<OAuthStateRecord | null>;
  /** Deletes records that expired before `now`; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}
