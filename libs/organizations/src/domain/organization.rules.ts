import { HeraldError } from '@herald/shared-kernel';
import { CAPPED_PLATFORMS, type CappedPlatform, DAILY_CAP_BOUNDS, isCappedPlatform } from './daily-caps';

export const ORGANIZATION_NAME_MAX_LENGTH = 100;
export const RETENTION_DAYS_BOUNDS = { min: 30, max: 3650 } as const;
export const DEFAULT_RETENTION_DAYS = 730;
export const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const SHA256_HEX = /^[0-9a-f]{64}$/;
// Deliberately loose: the confirmation email is the real check; this catches typos and pasted junk.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function validName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0 || trimmed.length > ORGANIZATION_NAME_MAX_LENGTH) {
    throw new HeraldError(
      'ORGANIZATION.NAME_INVALID',
      `An organization name needs 1 to ${ORGANIZATION_NAME_MAX_LENGTH} characters.`,
      { field: 'name', maxLength: ORGANIZATION_NAME_MAX_LENGTH },
    );
  }
  return trimmed;
}

let zones: ReadonlySet<string> | undefined;

/** IANA zone names the runtime knows, plus UTC (which `supportedValuesOf` omits on some builds). */
export function isIanaTimeZone(value: string): boolean {
  zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);
  if (zones.has(value)) return true;
  // Links such as `Europe/Kiev` are valid IANA names that `supportedValuesOf` lists canonically only.
  // Abbreviations (`EST`) are accepted by Intl but are not zones: they ignore daylight saving.
  if (!value.includes('/')) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export function validTimeZone(timeZone: string): string {
  if (typeof timeZone !== 'string' || !isIanaTimeZone(timeZone)) {
    throw new HeraldError(
      'ORGANIZATION.TIME_ZONE_INVALID',
      'The time zone must be an IANA name such as "Europe/Paris" or "America/New_York".',
      { field: 'timeZone' },
    );
  }
  return timeZone;
}

export function validRetentionDays(days: number): number {
  if (!Number.isInteger(days) || days < RETENTION_DAYS_BOUNDS.min || days > RETENTION_DAYS_BOUNDS.max) {
    throw new HeraldError(
      'ORGANIZATION.RETENTION_OUT_OF_RANGE',
      `Data retention must be a whole number of days between ${RETENTION_DAYS_BOUNDS.min} and ${RETENTION_DAYS_BOUNDS.max}.`,
      { field: 'dataRetentionDays', ...RETENTION_DAYS_BOUNDS },
    );
  }
  return days;
}

/** Applies cap overrides: a number sets one, null restores the default. */
export function applyDailyCaps(
  current: Readonly<Partial<Record<CappedPlatform, number>>>,
  changes: Readonly<Record<string, number | null>>,
): Partial<Record<CappedPlatform, number>> {
  const next: Partial<Record<CappedPlatform, number>> = { ...current };
  for (const [platform, cap] of Object.entries(changes)) {
    if (!isCappedPlatform(platform)) {
      throw new HeraldError(
        'ORGANIZATION.DAILY_CAP_INVALID',
        `Daily caps exist for ${CAPPED_PLATFORMS.join(', ')} only.`,
        { field: `dailyCaps.${platform}` },
      );
    }
    if (cap === null) {
      delete next[platform];
      continue;
    }
    if (!Number.isInteger(cap) || cap < DAILY_CAP_BOUNDS.min || cap > DAILY_CAP_BOUNDS.max) {
      throw new HeraldError(
        'ORGANIZATION.DAILY_CAP_INVALID',
        `A daily cap must be a whole number of posts between ${DAILY_CAP_BOUNDS.min} and ${DAILY_CAP_BOUNDS.max}.`,
        { field: `dailyCaps.${platform}`, ...DAILY_CAP_BOUNDS },
      );
    }
    next[platform] = cap;
  }
  return next;
}

export function validEmail(email: string): string {
  const normalized = typeof email === 'string' ? email.trim().toLowerCase() : '';
  if (normalized.length > 254 || !EMAIL.test(normalized)) {
    throw new HeraldError('ORGANIZATION.EMAIL_INVALID', 'Enter a valid email address for the invitee.', {
      field: 'email',
    });
  }
  return normalized;
}

export function validTokenHash(tokenHash: string): string {
  if (typeof tokenHash !== 'string' || !SHA256_HEX.test(tokenHash)) {
    throw new HeraldError('VALIDATION.FAILED', 'The invitation token hash must be a sha256 hex digest.', {
      field: 'tokenHash',
    });
  }
  return tokenHash;
}
