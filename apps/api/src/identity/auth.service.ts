import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { RegisterUserCommand } from '@herald/identity';
import type { MemberRole } from '@herald/organizations';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { organizationsQueries } from '@herald/projections/organizations';
import {
  CLOCK,
  type Clock,
  HeraldError,
  ID_GENERATOR,
  type IdGenerator,
  isHeraldError,
} from '@herald/shared-kernel';
import { commandMetadata, requireActor, type HeraldRequestContext } from '../graphql/request-context';
import { AccessTokens, type IssuedAccessToken } from './access-tokens';
import { AccountRecoveryService } from './account-recovery.service';
import { EmailDigest } from './email-digest';
import { EmailDirectory } from './email-directory';
import { MembershipReader } from './membership-reader';
import { PasswordHasher } from './password-hasher';
import { SessionStore, type OpenedSession, type SessionDocument } from './session-store';
import { TwoFactorService, type SecondFactor } from './two-factor.service';
import { UserCredentialsReader } from './user-credentials';

export interface SignedIn {
  readonly userId: string;
  readonly sessionId: string;
  readonly organizationId: string | null;
  readonly role: MemberRole | null;
  readonly access: IssuedAccessToken;
  readonly refreshToken: string;
  readonly refreshTokenExpiresAt: Date;
}

export interface MfaRequired {
  readonly userId: string;
  readonly mfaChallenge: { readonly token: string; readonly expiresAt: Date };
}

export interface AccessGrant {
  readonly organizationId: string | null;
  readonly role: MemberRole | null;
  readonly access: IssuedAccessToken;
}

/** Registration, sign-in, token rotation and sessions: the identity edge of the API. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly commandBus: CommandBus,
    private readonly hasher: PasswordHasher,
    private readonly digest: EmailDigest,
    private readonly directory: EmailDirectory,
    private readonly sessions: SessionStore,
    private readonly tokens: AccessTokens,
    private readonly credentials: UserCredentialsReader,
    private readonly memberships: MembershipReader,
    private readonly catalog: ProjectionCatalog,
    private readonly recovery: AccountRecoveryService,
    private readonly twoFactor: TwoFactorService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async register(
    input: { email: string; password: string; name: string },
    context: HeraldRequestContext,
  ): Promise<SignedIn> {
    const digest = this.digest.of(input.email);
    await this.directory.claim(digest, this.clock.now());
    let userId: string;
    try {
      // The id is assigned by the handler, so this first token (unknown to anyone) only opens the
      // flow; the mailed one, naming the user, follows once the account exists.
      const result = await this.commandBus.execute(
        new RegisterUserCommand(
          input.email,
          input.name,
          await this.hasher.hash(input.password),
          createHash('sha256').update(randomBytes(32)).digest('hex'),
          commandMetadata(context, { actor: { kind: 'system', id: 'signup' }, tenantId: null }),
        ),
      );
      userId = result.userId;
    } catch (error) {
      // Refused for sure (bad name, bad address): free the address for a corrected attempt.
      if (isHeraldError(error)) await this.directory.release(digest);
      throw error;
    }
    await this.directory.activate(digest, userId);
    try {
      await this.recovery.startVerification(userId, input.email, context);
    } catch (error) {
      // The account exists either way; `requestEmailVerification` sends a new link.
      this.logger.error({ err: error, userId }, 'verification mail could not be sent after sign-up');
    }
    return this.openSession(userId, null, context);
  }

  async login(
    input: { email: string; password: string; organizationId?: string | null },
    context: HeraldRequestContext,
  ): Promise<SignedIn | MfaRequired> {
    const userId = await this.directory.userIdOf(this.digest.of(input.email));
    const credentials = userId === null ? null : await this.credentials.read(userId);
    if (credentials === null || credentials.status !== 'active') {
      await this.hasher.verifyDecoy(input.password);
      throw invalidCredentials();
    }
    if (!(await this.hasher.verify(credentials.passwordHash, input.password))) throw invalidCredentials();
    const organizationId =
      input.organizationId !== undefined && input.organizationId !== null
        ? await this.requireMembership(credentials.userId, input.organizationId)
        : await this.defaultOrganization(credentials.userId);
    if (credentials.totpSecretRef !== null) {
      return {
        userId: credentials.userId,
        mfaChallenge: await this.twoFactor.issueChallenge(credentials.userId, organizationId),
      };
    }
    return this.openSession(credentials.userId, organizationId, context);
  }

  /** The second step of a two-factor sign-in: the challenge from `login` plus a code. */
  async completeLogin(
    challenge: string,
    factor: SecondFactor,
    context: HeraldRequestContext,
  ): Promise<SignedIn> {
    const passed = await this.twoFactor.passChallenge(challenge, factor);
    const credentials = await this.credentials.read(passed.userId);
    if (credentials?.status !== 'active') throw invalidCredentials();
    const organizationId =
      passed.organizationId !== null &&
      (await this.memberships.roleOf(passed.userId, passed.organizationId)) !== null
        ? passed.organizationId
        : null;
    return this.openSession(passed.userId, organizationId, context);
  }

  async refresh(refreshToken: string, context: HeraldRequestContext): Promise<SignedIn> {
    const now = this.clock.now();
    const rotated = await this.sessions.rotate(refreshToken, origin(context), now);
    const credentials = await this.credentials.read(rotated.session.userId);
    if (credentials?.status !== 'active') {
      await this.sessions.revoke(rotated.session._id, 'revoked', now);
      throw new HeraldError('AUTH.REFRESH_TOKEN_INVALID', 'This account can no longer sign in.');
    }
    return this.signedIn(rotated, now);
  }

  async logout(context: HeraldRequestContext): Promise<boolean> {
    const actor = requireActor(context);
    return this.sessions.revoke(actor.sessionId, 'logout', this.clock.now());
  }

  async listSessions(context: HeraldRequestContext): Promise<SessionDocument[]> {
    return this.sessions.listLive(requireActor(context).userId, this.clock.now());
  }

  async revokeSession(sessionId: string, context: HeraldRequestContext): Promise<boolean> {
    const actor = requireActor(context);
    const session = await this.sessions.ownedBy(sessionId, actor.userId);
    if (session === null) throw new HeraldError('NOT_FOUND', 'This session does not exist.', { sessionId });
    await this.sessions.revoke(sessionId, 'revoked', this.clock.now());
    return true;
  }

  /** A new access token for the same session, acting in another organization the user belongs to. */
  async switchOrganization(organizationId: string, context: HeraldRequestContext): Promise<AccessGrant> {
    const actor = requireActor(context);
    await this.requireMembership(actor.userId, organizationId);
    return this.grantFor(actor.userId, actor.sessionId, organizationId);
  }

  /** After the user joined or founded `organizationId`: the session acts there from now on. */
  async grantFor(userId: string, sessionId: string, organizationId: string): Promise<AccessGrant> {
    await this.sessions.switchOrganization(sessionId, organizationId);
    const role = await this.memberships.roleOf(userId, organizationId);
    const access = this.tokens.issue({ userId, sessionId, organizationId }, this.clock.now());
    return { organizationId, role, access };
  }

  private async openSession(
    userId: string,
    organizationId: string | null,
    context: HeraldRequestContext,
  ): Promise<SignedIn> {
    const now = this.clock.now();
    const opened = await this.sessions.open(this.ids.next(), userId, organizationId, origin(context), now);
    return this.signedIn(opened, now);
  }

  private async signedIn(opened: OpenedSession, now: Date): Promise<SignedIn> {
    const { session } = opened;
    const role =
      session.organizationId === null
        ? null
        : await this.memberships.roleOf(session.userId, session.organizationId);
    return {
      userId: session.userId,
      sessionId: session._id,
      organizationId: session.organizationId,
      role,
      access: this.tokens.issue(
        { userId: session.userId, sessionId: session._id, organizationId: session.organizationId },
        now,
      ),
      refreshToken: opened.refreshToken,
      refreshTokenExpiresAt: new Date(session.expiresAt),
    };
  }

  private async requireMembership(userId: string, organizationId: string): Promise<string> {
    if ((await this.memberships.roleOf(userId, organizationId)) === null) {
      throw new HeraldError('NOT_FOUND', 'This organization does not exist.', { organizationId });
    }
    return organizationId;
  }

  /**
   * The oldest organization the user belongs to, from the read model (a sign-in needs no
   * up-to-the-millisecond answer), confirmed against the stream. None yet: no organization.
   */
  private async defaultOrganization(userId: string): Promise<string | null> {
    let memberships: { organizationId: string }[];
    try {
      memberships = await organizationsQueries(this.catalog).membershipsOf(userId);
    } catch (error) {
      if (!isHeraldError(error, 'PROJECTIONS.NOT_READY')) throw error;
      this.logger.warn('organizations projection not started yet; signing in without an organization');
      return null;
    }
    for (const { organizationId } of memberships) {
      if ((await this.memberships.roleOf(userId, organizationId)) !== null) return organizationId;
    }
    return null;
  }
}

const origin = (context: HeraldRequestContext) => ({
  ...(context.ip !== undefined ? { ip: context.ip } : {}),
  ...(context.userAgent !== undefined ? { userAgent: context.userAgent } : {}),
});

const invalidCredentials = (): HeraldError =>
  new HeraldError('AUTH.INVALID_CREDENTIALS', 'The email address or the password is wrong.');
