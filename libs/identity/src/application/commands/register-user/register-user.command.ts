import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { UserCommandResult } from '../user-command';

/**
 * The caller hashes the password (argon2id/scrypt) and the emailed verification token (sha256)
 * before building the command: plaintext secrets never ride the bus or reach the log.
 */
export class RegisterUserCommand extends HeraldCommand<UserCommandResult> {
  readonly commandType = 'identity.register';

  constructor(
    readonly email: string,
    readonly name: string,
    readonly passwordHash: string,
    readonly verificationTokenHash: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
