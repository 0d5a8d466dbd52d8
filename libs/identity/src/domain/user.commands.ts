import type { CommandContext } from '@herald/shared-kernel';

/**
 * Domain commands on a user. Passwords arrive already hashed (argon2/scrypt PHC string) by the
 * application layer; tokens arrive as sha256 digests. The decider never sees a secret.
 */
export type UserCommand =
  | {
      type: 'RegisterUser';
      userId: string;
      email: string;
      name: string;
      passwordHash: string;
      verificationTokenHash: string;
      context: CommandContext;
    }
  | { type: 'RequestEmailVerification'; tokenHash: string; context: CommandContext }
  | { type: 'VerifyEmail'; tokenHash: string; context: CommandContext }
  | { type: 'ChangePassword'; passwordHash: string; context: CommandContext }
  | { type: 'EnableTotp'; secretRef: string; context: CommandContext }
  | { type: 'DisableTotp'; context: CommandContext }
  | { type: 'GrantConsent'; purpose: string; policyVersion: string; context: CommandContext }
  | { type: 'WithdrawConsent'; purpose: string; context: CommandContext }
  | { type: 'RequestDataExport'; exportId: string; context: CommandContext }
  | { type: 'RequestErasure'; context: CommandContext }
  | { type: 'CompleteErasure'; context: CommandContext };
