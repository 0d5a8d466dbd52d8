import type { ConsentPurpose } from './consent';

export interface ActiveUser {
  readonly status: 'active';
  readonly userId: string;
  readonly emailVerified: boolean;
  readonly pendingVerification: { readonly tokenHash: string; readonly expiresAt: string } | null;
  readonly totpEnabled: boolean;
  /** Policy version each purpose was granted under; withdrawn purposes are absent. */
  readonly consents: Readonly<Partial<Record<ConsentPurpose, string>>>;
  readonly lastExportRequestedAt: string | null;
}

export type UserState =
  | { readonly status: 'none' }
  | ActiveUser
  /** Erasure is under way: only its completion is accepted. */
  | { readonly status: 'erasureRequested'; readonly userId: string }
  | { readonly status: 'erased'; readonly userId: string };

export const initialUserState: UserState = { status: 'none' };
