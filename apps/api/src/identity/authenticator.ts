import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, HeraldError } from '@herald/shared-kernel';
import type { AuthenticatedActor } from '../graphql/request-context';
import { AccessTokens } from './access-tokens';
import { ApiKeys, isApiKey } from './api-keys';
import { MembershipReader } from './membership-reader';
import { SessionStore } from './session-store';

/**
 * Bearer token → actor: signature and expiry, then the session (so logout, revocation and a
 * detected refresh-token reuse cut access at once, not when the token expires), then the role.
 */
@Injectable()
export class Authenticator {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionStore,
    private readonly memberships: MembershipReader,
    private readonly apiKeys: ApiKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async authenticate(bearerToken: string): Promise<AuthenticatedActor> {
    const now = this.clock.now();
    if (isApiKey(bearerToken)) return this.authenticateApiKey(bearerToken, now);
    const claims = this.tokens.verify(bearerToken, now);
    const session = await this.sessions.live(claims.sessionId, now);
    if (session === null || session.userId !== claims.userId) {
      throw new HeraldError('AUTH.UNAUTHENTICATED', 'This session has ended; sign in again.', {
        reason: 'session',
      });
    }
    const role =
      claims.organizationId === null
        ? null
        : await this.memberships.roleOf(claims.userId, claims.organizationId);
    return {
      userId: claims.userId,
      sessionId: claims.sessionId,
      organizationId: claims.organizationId,
      role,
    };
  }

  /**
   * An integration acts as the admin who created its key, within the key's organization, and
   * loses access with them: a creator removed from the organization (or demoted) takes the key's
   * powers along. Scopes narrow it further (ApiKeyScopeGuard).
   */
  private async authenticateApiKey(key: string, now: Date): Promise<AuthenticatedActor> {
    const document = await this.apiKeys.verify(key, now);
    return {
      userId: document.createdBy,
      sessionId: `apikey-${document._id}`,
      organizationId: document.organizationId,
      role: await this.memberships.roleOf(document.createdBy, document.organizationId),
    };
  }
}
