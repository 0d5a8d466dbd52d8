import type { SocialPlatform } from '@herald/accounts';
import { HeraldError, type Clock } from '@herald/shared-kernel';
import { createHash, randomBytes } from 'node:crypto';
import type { OAuthStateRecord, OAuthStateStore } from './oauth-state.port';
import { codeChallengeS256, createCodeVerifier } from './pkce';

export const OAUTH_STATE_TTL_MS = 10 * 60 * 1000;

export interface OAuthStateOwner {
  readonly userId: string;
  readonly organizationId: string;
  readonly platform: SocialPlatform;
}

export interface IssuedState {
  readonly state: string;
  readonly codeVerifier: string | null;
  readonly codeChallenge: string | null;
}

const hashState = (state: string): string => createHash('sha256').update(state, 'utf8').digest('hex');

/**
 * OAuth `state` values (RFC 6749 §10.12): unguessable, bound to the user, organization and platform
 * that started the connection, short-lived and single use, so a callback cannot be forged (login
 * CSRF) or replayed. The PKCE verifier travels with the state and never reaches the browser.
 */
export class OAuthStates {
  constructor(
    private readonly store: OAuthStateStore,
    private readonly clock: Clock,
    private readonly ttlMs: number = OAUTH_STATE_TTL_MS,
    private readonly random: (size: number) => Buffer = randomBytes,
  ) {}

  async issue(
    owner: OAuthStateOwner & { readonly redirectUri: string; readonly pkce: boolean },
  ): Promise<IssuedState> {
    const state = this.random(32).toString('base64url');
    const codeVerifier = owner.pkce ? createCodeVerifier(this.random) : null;
    const now = this.clock.now();
    await this.store.save({
      stateHash: hashState(state),
      userId: owner.userId,
      organizationId: owner.organizationId,
      platform: owner.platform,
      redirectUri: owner.redirectUri,
      codeVerifier,
      createdAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + this.ttlMs).toISOString(),
    });
    return {
      state,
      codeVerifier,
      codeChallenge: codeVerifier === null ? null : codeChallengeS256(codeVerifier),
    };
  }

  /** Consumes the state whatever the outcome: a state that failed a check cannot be tried again. */
  async consume(state: string, expected: OAuthStateOwner): Promise<OAuthStateRecord> {
    return this.take(state, expected);
  }

  /**
   * For a callback that reaches Herald without a session of its own (the platform redirects the
   * browser, which carries no bearer token): the unguessable, single-use state names who started
   * the connection, and only the platform can be checked against the request.
   */
  async consumeForPlatform(state: string, platform: SocialPlatform): Promise<OAuthStateRecord> {
    return this.take(state, { platform });
  }

  private async take(
    state: string,
    expected: Partial<OAuthStateOwner> & Pick<OAuthStateOwner, 'platform'>,
  ): Promise<OAuthStateRecord> {
    const record = typeof state === 'string' && state !== '' ? await this.store.take(hashState(state)) : null;
    if (record === null)
      throw new HeraldError('PLATFORM.OAUTH_STATE_INVALID', undefined, { platform: expected.platform });
    if (Date.parse(record.expiresAt) <= this.clock.now().getTime()) {
      throw new HeraldError('PLATFORM.OAUTH_STATE_EXPIRED', undefined, {
        platform: record.platform,
        expiresAt: record.expiresAt,
      });
    }
    const mismatched = (['userId', 'organizationId', 'platform'] as const).filter(
      (key) => expected[key] !== undefined && record[key] !== expected[key],
    );
    if (mismatched.length > 0) {
      throw new HeraldError('PLATFORM.OAUTH_STATE_MISMATCH', undefined, { mismatched });
    }
    return record;
  }
}
