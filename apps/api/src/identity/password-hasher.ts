import { Algorithm, hash, verify } from '@node-rs/argon2';
import { Injectable } from '@nestjs/common';

/**
 * OWASP's argon2id baseline (19 MiB, 2 passes, 1 lane): about 20-40 ms per hash here, slow
 * enough to make offline guessing expensive, fast enough not to let logins exhaust the CPU.
 */
export const ARGON2ID_OPTIONS = {
  algorithm: Algorithm.Argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

@Injectable()
export class PasswordHasher {
  /**
   * Verified when the email is unknown, so a login for a missing account costs as much time as
   * one with a wrong password: response times do not reveal which addresses have accounts.
   */
  private readonly decoy: Promise<string> = hash('herald-decoy-password', ARGON2ID_OPTIONS);

  hash(password: string): Promise<string> {
    return hash(password, ARGON2ID_OPTIONS);
  }

  /** False for a wrong password and for a hash it cannot read (an erased account's). */
  async verify(passwordHash: unknown, password: string): Promise<boolean> {
    if (typeof passwordHash !== 'string' || !passwordHash.startsWith('$argon2')) {
      await this.verifyDecoy(password);
      return false;
    }
    try {
      return await verify(passwordHash, password);
    } catch {
      return false;
    }
  }

  async verifyDecoy(password: string): Promise<void> {
    await verify(await this.decoy, password).catch(() => false);
  }
}
