import type { SocialPlatform } from '@herald/accounts';

/** What the kill -9 spec hands its worker process (JSON in HERALD_FAULT_CONFIG). */
export interface PublisherProcessConfig {
  readonly dir: string;
  readonly masterKeyHex: string;
  readonly webhookBaseUrl: string;
  readonly xBaseUrl: string;
  readonly reconcileAfterMs: number;
  /** First start only: connect these targets and schedule one post to all of them. */
  readonly schedule: { readonly targets: readonly SocialPlatform[]; readonly text: string; readonly inMs: number } | null;
}

export const ORG_ID = '0190f3a4-0000-7000-8000-0000000000c1';
export const FAULT_X_USER_ID = '2244994946';
