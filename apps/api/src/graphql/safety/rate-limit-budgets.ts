import { createHash } from 'node:crypto';
import type { RateLimitRule } from '@herald/coordination';

/** Per-minute budgets from configuration; 0 turns a limit off. */
export interface RateLimitBudgets {
  readonly userPerMinute: number;
  readonly ipPerMinute: number;
  /** Per IP for each sign-in operation; per email address the same count over AUTH_EMAIL_WINDOW_MS. */
  readonly authPerMinute: number;
}

const MINUTE_MS = 60_000;
/**
 * Guessing one account's password from many addresses (a botnet) stays under every per-IP
 * budget; the per-email window is ten times longer so such an attack crawls.
 */
export const AUTH_EMAIL_WINDOW_MS = 10 * MINUTE_MS;

/** The public operations that check a secret or create an account: the targets of guessing and spam. */
export const CREDENTIAL_OPERATIONS: ReadonlySet<string> = new Set([
  'login',
  'register',
  'requestPasswordReset',
  'refresh',
]);

export interface LimitedKey {
  readonly key: string;
  readonly rule: RateLimitRule;
}

export interface RequestIdentity {
  readonly ip?: string;
  readonly userId?: string;
  /** Root fields of the operation that are CREDENTIAL_OPERATIONS, with the email each names. */
  readonly credentialFields: readonly { readonly field: string; readonly email?: string }[];
}

/**
 * Which buckets one operation draws from. Keys never hold an email in clear (they reach Redis
 * and its logs): a SHA-256 of the normalized address stands for it.
 */
export function limitedKeys(budgets: RateLimitBudgets, identity: RequestIdentity): LimitedKey[] {
  const keys: LimitedKey[] = [];
  const perMinute = (limit: number): RateLimitRule => ({ limit, windowMs: MINUTE_MS });
  if (identity.ip !== undefined && budgets.ipPerMinute > 0)
    keys.push({ key: `graphql:ip:${identity.ip}`, rule: perMinute(budgets.ipPerMinute) });
  if (identity.userId !== undefined && budgets.userPerMinute > 0)
    keys.push({ key: `graphql:user:${identity.userId}`, rule: perMinute(budgets.userPerMinute) });
  if (budgets.authPerMinute > 0) {
    for (const { field, email } of identity.credentialFields) {
      if (identity.ip !== undefined)
        keys.push({ key: `auth:${field}:ip:${identity.ip}`, rule: perMinute(budgets.authPerMinute) });
      if (email !== undefined)
        keys.push({
          key: `auth:${field}:email:${emailDigest(email)}`,
          rule: { limit: budgets.authPerMinute, windowMs: AUTH_EMAIL_WINDOW_MS },
        });
    }
  }
  return keys;
}

export function emailDigest(email: string): string {
  return createHash('sha256').update(email.trim().toLowerCase()).digest('hex');
}
