import type { DomainEvent } from '@herald/shared-kernel';
import type { ConsentPurpose } from './consent';

/** Stream `user-<userId>`. Every event of it concerns the user as data subject. */
export const userStreamId = (userId: string): string => `user-${userId}`;

/** `email`, `name` and `passwordHash` are personal data, encrypted under the user's own key. */
export type UserRegistered = DomainEvent<
  'user.registered',
  { userId: string; email: string; name: string; passwordHash: string }
>;
export type UserEmailVerificationRequested = DomainEvent<
  'user.emailVerificationRequested',
  { userId: string; tokenHash: string; expiresAt: string }
>;
export type UserEmailVerified = DomainEvent<'user.emailVerified', { userId: string }>;
export type UserPasswordChanged = DomainEvent<
  'user.passwordChanged',
  { userId: string; passwordHash: string }
>;
/** `secretRef` points at the encrypted TOTP secret in the key vault; the secret is never in an event. */
export type UserTotpEnabled = DomainEvent<'user.totpEnabled', { userId: string; secretRef: string }>;
export type UserTotpDisabled = DomainEvent<'user.totpDisabled', { userId: string }>;
export type UserConsentGranted = DomainEvent<
  'user.consentGranted',
  { userId: string; purpose: ConsentPurpose; policyVersion: string }
>;
export type UserConsentWithdrawn = DomainEvent<
  'user.consentWithdrawn',
  { userId: string; purpose: ConsentPurpose }
>;
export type UserDataExportRequested = DomainEvent<
  'user.dataExportRequested',
  { userId: string; exportId: string; requestedBy: string; requestedAt: string }
>;
export type UserErasureRequested = DomainEvent<
  'user.erasureRequested',
  { userId: string; requestedBy: string }
>;
/** Written once the user's key is forgotten: from here on their personal fields read as erased. */
export type UserErased = DomainEvent<'user.erased', { userId: string }>;

export type UserEvent =
  | UserRegistered
  | UserEmailVerificationRequested
  | UserEmailVerified
  | UserPasswordChanged
  | UserTotpEnabled
  | UserTotpDisabled
  | UserConsentGranted
  | UserConsentWithdrawn
  | UserDataExportRequested
  | UserErasureRequested
  | UserErased;
