import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ChangePasswordCommand, RequestEmailVerificationCommand, VerifyEmailCommand } from '@herald/identity';
import { MAILER, type Mailer } from '@herald/mail';
import { CLOCK, type Clock, HeraldError } from '@herald/shared-kernel';
import { commandMetadata, requireActor, type HeraldRequestContext } from '../graphql/request-context';
import { AccountMails } from './account-mails';
import { EmailDigest } from './email-digest';
import { EmailDirectory } from './email-directory';
import { OneTimeTokens, PASSWORD_RESET_TTL_MS } from './one-time-tokens';
import { PasswordHasher } from './password-hasher';
import { SessionStore } from './session-store';
import { UserCredentialsReader } from './user-credentials';

const UUID_PREFIX = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\./;

/** Email verification and password reset: flows proven by a token mailed to the address. */
@Injectable()
export class AccountRecoveryService {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly commandBus: CommandBus,
    private readonly hasher: PasswordHasher,
    private readonly digest: EmailDigest,
    private readonly directory: EmailDirectory,
    private readonly sessions: SessionStore,
    private readonly oneTime: OneTimeTokens,
    private readonly credentials: UserCredentialsReader,
    private readonly mails: AccountMails,
    @Inject(MAILER) private readonly mailer: Mailer,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /**
   * A new verification token: `<userId>.<random>`. The user id routes it to the stream; the
   * decider keeps only its sha256 and expiry, and a newer token replaces the older one.
   */
  newVerificationToken(userId: string): { token: string; tokenHash: string } {
    const token = `${userId}.${randomBytes(32).toString('base64url')}`;
    return { token, tokenHash: sha256(token) };
  }

  /** Records a new token on the user's stream (superseding older ones) and mails it. */
  async startVerification(userId: string, email: string, context: HeraldRequestContext): Promise<void> {
    const { token, tokenHash } = this.newVerificationToken(userId);
    const metadata =
      context.actor === null
        ? commandMetadata(context, { actor: { kind: 'system', id: 'signup' }, tenantId: null })
        : commandMetadata(context, { tenantId: null });
    await this.commandBus.execute(new RequestEmailVerificationCommand(userId, tokenHash, metadata));
    await this.mailer.send(this.mails.emailVerification(email, token));
  }

  async requestEmailVerification(context: HeraldRequestContext): Promise<boolean> {
    const actor = requireActor(context);
    const user = await this.credentials.read(actor.userId);
    if (user === null || typeof user.email !== 'string')
      throw new HeraldError('USER.NOT_FOUND', 'This user does not exist.');
    await this.startVerification(actor.userId, user.email, context);
    return true;
  }

  async verifyEmail(token: string, context: HeraldRequestContext): Promise<boolean> {
    const userId = UUID_PREFIX.exec(token)?.[1];
    const user = userId === undefined ? null : await this.credentials.read(userId);
    // Verified already: the token was used (or superseded); a second use must not read as success.
    if (userId === undefined || user === null || user.status !== 'active' || user.emailVerified) {
      throw verificationInvalid();
    }
    await this.commandBus.execute(
      new VerifyEmailCommand(
        userId,
        sha256(token),
        commandMetadata(context, { actor: { kind: 'system', id: 'email-verification' }, tenantId: null }),
      ),
    );
    return true;
  }

  /** Answers the same whether or not the address has an account, so it cannot be used to probe. */
  async requestPasswordReset(email: string): Promise<boolean> {
    const userId = await this.directory.userIdOf(this.digest.of(email));
    const user = userId === null ? null : await this.credentials.read(userId);
    if (user === null || user.status !== 'active' || typeof user.email !== 'string') return true;
    const { token } = await this.oneTime.issue(
      'passwordReset',
      user.userId,
      null,
      PASSWORD_RESET_TTL_MS,
      this.clock.now(),
    );
    try {
      await this.mailer.send(this.mails.passwordReset(user.email, token, PASSWORD_RESET_TTL_MS / 60_000));
    } catch (error) {
      // The answer must not differ for existing accounts, so a mail failure is logged, not returned.
      this.logger.error({ err: error, userId: user.userId }, 'password reset mail could not be sent');
    }
    return true;
  }

  async resetPassword(token: string, newPassword: string, context: HeraldRequestContext): Promise<boolean> {
    const now = this.clock.now();
    const reset = await this.oneTime.consume('passwordReset', token, now);
    const user = await this.credentials.read(reset.userId);
    if (user?.status !== 'active')
      throw new HeraldError('AUTH.TOKEN_INVALID', 'This account can no longer sign in.');
    await this.commandBus.execute(
      new ChangePasswordCommand(
        reset.userId,
        await this.hasher.hash(newPassword),
        commandMetadata(context, { actor: { kind: 'system', id: 'password-reset' }, tenantId: null }),
      ),
    );
    await this.oneTime.spendAll('passwordReset', reset.userId, now);
    await this.sessions.revokeAllOf(reset.userId, 'revoked', now);
    return true;
  }
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

const verificationInvalid = (): HeraldError =>
  new HeraldError(
    'USER.VERIFICATION_INVALID',
    'This verification link is not valid; use the latest email we sent.',
  );
