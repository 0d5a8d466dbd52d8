/**
 * Reading "when may I call again" out of response headers. Every function returns milliseconds
 * from `now`, never negative, or null when the headers say nothing usable.
 */

/** RFC 9110 §10.2.3: either delay-seconds or an HTTP-date. */
export function retryAfterFromHeader(value: string | null, now: Date): number | null {
  if (value === null) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  if (Number.isNaN(date) || !/[a-z]/i.test(trimmed)) return null;
  return Math.max(0, date - now.getTime());
}

/** X's `x-rate-limit-reset` (and `x-user-limit-24hour-reset`) carry the reset as epoch seconds. */
export function retryAfterFromEpochSeconds(value: string | null, now: Date): number | null {
  if (value === null || !/^\d+$/.test(value.trim())) return null;
  return Math.max(0, Number(value.trim()) * 1000 - now.getTime());
}

/**
 * Graph API usage headers. `X-Business-Use-Case-Usage` (Page tokens) gives, per business id, a list
 * of usages with `estimated_time_to_regain_access` in minutes; `X-App-Usage` / `X-Page-Usage` give
 * percentages only. Source: https://developers.facebook.com/docs/graph-api/overview/rate-limiting/
 * (Graph API v26.0, checked 2026-11-24).
 */
export interface GraphUsage {
  /** The highest usage percentage reported by any header (100 means throttled). */
  readonly maxPercent: number | null;
  /** The longest time to regain access that a Business Use Case header announced. */
  readonly regainAccessMs: number | null;
}

const parseJsonObject = (raw: string | null): Record<string, unknown> | null => {
  if (raw === null) return null;
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
};

const USAGE_FIELDS = ['call_count', 'total_time', 'total_cputime'] as const;

function percentages(usage: Record<string, unknown>): number[] {
  return USAGE_FIELDS.map((field) => usage[field]).filter((v): v is number => typeof v === 'number');
}

export function graphUsage(headers: Headers): GraphUsage {
  const percents: number[] = [];
  let regain: number | null = null;
  for (const name of ['x-app-usage', 'x-page-usage', 'x-ad-account-usage']) {
    const usage = parseJsonObject(headers.get(name));
    if (usage) percents.push(...percentages(usage));
  }
  const business = parseJsonObject(headers.get('x-business-use-case-usage'));
  for (const entries of Object.values(business ?? {})) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries) {
      if (typeof entry !== 'object' || entry === null) continue;
      const usage = entry as Record<string, unknown>;
      percents.push(...percentages(usage));
      const minutes = usage.estimated_time_to_regain_access;
      if (typeof minutes === 'number' && minutes > 0) regain = Math.max(regain ?? 0, minutes * 60_000);
    }
  }
  return { maxPercent: percents.length === 0 ? null : Math.max(...percents), regainAccessMs: regain };
}
