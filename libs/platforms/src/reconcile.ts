import type { AccountCredentials, PlatformConnector } from './connector.port';

export type ReconciliationOutcome =
  | { readonly outcome: 'published'; readonly platformPostId: string; readonly url: string | null }
  | { readonly outcome: 'not_published' }
  | { readonly outcome: 'unknown'; readonly reason: string };

export interface UnknownAttempt {
  /** When the attempt was recorded, before the platform call. */
  readonly startedAt: Date;
  /** The text that was sent, as rendered for the platform. */
  readonly text: string;
}

/** Allowed difference between Herald's clock and the platform's creation times. */
export const RECONCILE_CLOCK_SKEW_MS = 2 * 60 * 1000;

const URL_PATTERN = /\bhttps?:\/\/\S+/gi;
const ENTITIES: Record<string, string> = {
  '&amp;': '&',
  '&lt;': '<',
  '&gt;': '>',
  '&quot;': '"',
  '&#39;': "'",
};

/**
 * Platforms echo text back changed: X wraps links in t.co and escapes `&`, `<`, `>` as HTML
 * entities, and whitespace may be trimmed. Compare what survives all of that.
 */
export function normalizeForMatch(text: string): string {
  return text
    .replace(/&(amp|lt|gt|quot|#39);/g, (entity) => ENTITIES[entity] ?? entity)
    .replace(URL_PATTERN, '<link>')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

/**
 * Decides, before any retry, whether an attempt whose outcome is unknown (timeout, dropped
 * connection, 5xx to the create call) did publish: it looks for a post with the same text created
 * since the attempt started. A platform that cannot list its posts gives `unknown`, which the
 * publisher must not treat as "not published". Listings are eventually consistent: call this a
 * little after the failure (the publisher's first retry delay), not immediately.
 */
export async function reconcileAttempt(
  connector: PlatformConnector,
  credentials: AccountCredentials,
  attempt: UnknownAttempt,
): Promise<ReconciliationOutcome> {
  const since = new Date(attempt.startedAt.getTime() - RECONCILE_CLOCK_SKEW_MS);
  const lookup = await connector.recentPosts(credentials, { since, limit: 50 });
  if (!lookup.supported) return { outcome: 'unknown', reason: lookup.reason };
  const wanted = normalizeForMatch(attempt.text);
  const matches = lookup.posts.filter(
    (post) => Date.parse(post.createdAt) >= since.getTime() && normalizeForMatch(post.text) === wanted,
  );
  if (matches.length === 0) return { outcome: 'not_published' };
  if (matches.length > 1) {
    return {
      outcome: 'unknown',
      reason: `${matches.length} posts with this text were created since the attempt started`,
    };
  }
  return { outcome: 'published', platformPostId: matches[0].platformPostId, url: matches[0].url };
}
