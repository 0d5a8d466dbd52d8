import { Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { DisableTotpCommand, EnableTotpCommand } from '@herald/identity';
import { CLOCK, type Clock, HeraldError } from '@herald/shared-kernel';
import { commandMetadata, requireActor, type HeraldRequestContext } from '../graphql/request-context';
import { MFA_CHALLENGE_TTL_MS, OneTimeTokens } from './one-time-tokens';
import { base32Decode, base32Encode, matchTotp, newTotpSecret, otpauthUri } from './totp';
import { TotpEnrollments } from './totp-enrollments';
import { UserCredentialsReader } from './user-credentials';

/**
 * The secret rides in the `user.totpEnabled` event's `secretRef`, a personal field the event
 * store encrypts under the user's key: `totp:v1:<base32>`. Erasure shreds it with the user.
 */
const SECRET_REF = /^totp:v1:([A-Z2-7]+)$/;

export interface TotpSetup {
  readonly secret: string;
  readonly otpauthUri: string;
}

export interface SecondFactor {
  readonly code?: string | null;
  readonly recoveryCode?: string | null;
}

@Injectable()
export class TwoFactorService {
  constructor(
    private readonly commandBus: CommandBus,
    private readonly enrollments: TotpEnrollments,
    private readonly oneTime: OneTimeTokens,
    private readonly credentials: UserCredentialsReader,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async enable(context: HeraldRequestContext): Promise<TotpSetup> {
    const actor = requireActor(context);
    const user = await this.credentials.read(actor.userId);
    if (user?.totpSecretRef !== null) {
      throw new HeraldError(
        'USER.TOTP_ALREADY_ENABLED',
        'Two-factor authentication is already on; disable it first to replace it.',
      );
    }
    const secret = newTotpSecret();
    await this.enrollments.startEnrollment(actor.userId, secret, this.clock.now());
    const encoded = base32Encode(secret);
    const account = typeof user.email === 'string' ? user.email : actor.userId;
    return { secret: encoded, otpauthUri: otpauthUri('Herald', account, encoded) };
  }

  /** Proves the authenticator app holds the secret, turns two-factor on, returns recovery codes once. */
  async confirm(code: string, context: HeraldRequestContext): Promise<string[]> {
    const actor = requireActor(context);
    const now = this.clock.now();
    const secret = await this.enrollments.pendingSecret(actor.userId, now);
    if (secret === null) {
      throw new HeraldError(
        'AUTH.MFA_SETUP_REQUIRED',
        'Start with enableTotp; the setup expires after 15 minutes.',
      );
    }
    await this.acceptCode(actor.userId, secret, code, now);
    await this.commandBus.execute(
      new EnableTotpCommand(
        actor.userId,
        `totp:v1:${base32Encode(secret)}`,
        commandMetadata(context, { tenantId: null }),
      ),
    );
    await this.enrollments.clearPending(actor.userId);
    return this.enrollments.issueRecoveryCodes(actor.userId);
  }

  async disable(factor: SecondFactor, context: HeraldRequestContext): Promise<boolean> {
    const actor = requireActor(context);
    await this.verifySecondFactor(actor.userId, factor);
    await this.commandBus.execute(
      new DisableTotpCommand(actor.userId, commandMetadata(context, { tenantId: null })),
    );
    await this.enrollments.forget(actor.userId);
    return true;
  }

  async issueChallenge(
    userId: string,
    organizationId: string | null,
  ): Promise<{ token: string; expiresAt: Date }> {
    return this.oneTime.issue('mfaChallenge', userId, organizationId, MFA_CHALLENGE_TTL_MS, this.clock.now());
  }

  /** The challenge's user and organization once the second factor checks out; the challenge is spent. */
  async passChallenge(
    challenge: string,
    factor: SecondFactor,
  ): Promise<{ userId: string; organizationId: string | null }> {
    const now = this.clock.now();
    const pending = await this.oneTime.peek('mfaChallenge', challenge, now);
    try {
      await this.verifySecondFactor(pending.userId, factor);
    } catch (error) {
      await this.oneTime.recordFailure(pending, now);
      throw error;
    }
    const spent = await this.oneTime.consume('mfaChallenge', challenge, now);
    return { userId: spent.userId, organizationId: spent.organizationId };
  }

  private async verifySecondFactor(userId: string, factor: SecondFactor): Promise<void> {
    const now = this.clock.now();
    const user = await this.credentials.read(userId);
    const ref = user?.totpSecretRef ?? null;
    const match = ref === null ? null : SECRET_REF.exec(ref);
    if (match === null)
      throw new HeraldError('USER.TOTP_NOT_ENABLED', 'Two-factor authentication is not on.');
    if (typeof factor.recoveryCode === 'string' && factor.recoveryCode !== '') {
      if (!(await this.enrollments.consumeRecoveryCode(userId, factor.recoveryCode, now)))
        throw codeInvalid('recoveryCode');
      return;
    }
    await this.acceptCode(userId, base32Decode(match[1]), factor.code ?? '', now);
  }

  private async acceptCode(userId: string, secret: Buffer, code: string, now: Date): Promise<void> {
    const step = matchTotp(secret, code.trim(), now);
    if (step === null) throw codeInvalid('wrong');
    if (!(await this.enrollments.claimStep(userId, step))) throw codeInvalid('replayed');
  }
}

const codeInvalid = (reason: 'wrong' | 'replayed' | 'recoveryCode'): HeraldError =>
  new HeraldError('AUTH.MFA_CODE_INVALID', 'This two-factor code is wrong, expired or was already used.', {
    reason,
  });
