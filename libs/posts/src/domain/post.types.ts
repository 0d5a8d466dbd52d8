import type { AccountHealthStatus, SocialPlatform } from '@herald/accounts';

export const MEDIA_TYPES = ['image', 'video', 'gif'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

/** Media are referenced by URL (uploaded elsewhere); the facts below are what platform rules check. */
export interface MediaItem {
  readonly url: string;
  readonly type: MediaType;
  readonly mimeType: string;
  readonly sizeBytes: number;
  readonly width: number | null;
  readonly height: number | null;
  readonly durationSeconds: number | null;
  readonly altText: string | null;
}

/**
 * What a post says. `hashtags` missing from `text` are appended on a last line when the post is
 * rendered for a platform (see `renderText`); `mentions` and `links` are the entities the author
 * declared (they normally appear in the text) and feed analytics and link counting.
 */
export interface PostContent {
  readonly text: string;
  /** Needed by platforms with a title field (YouTube); ignored elsewhere. */
  readonly title: string | null;
  readonly media: readonly MediaItem[];
  readonly hashtags: readonly string[];
  readonly mentions: readonly string[];
  readonly links: readonly string[];
}

/** Per-platform overrides: a field left out falls back to the post's content. */
export interface PlatformVariant {
  readonly text?: string;
  readonly title?: string | null;
  readonly media?: readonly MediaItem[];
}

export type PlatformVariants = Readonly<Partial<Record<SocialPlatform, PlatformVariant>>>;

export interface PostTarget {
  readonly accountId: string;
  readonly platform: SocialPlatform;
}

/**
 * What the application layer knows about a target account when a post is scheduled: the decider
 * is pure, so the account's health, the organization's effective daily cap for it and the number
 * of posts already scheduled on it that day (in the schedule's time zone) come in the command.
 */
export interface TargetAccountFacts extends PostTarget {
  readonly accountStatus: AccountHealthStatus;
  readonly dailyCap: number;
  readonly scheduledThatDay: number;
}

export const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

/** A subset of RFC 5545 RRULE: FREQ, INTERVAL, BYDAY (weekly), UNTIL, COUNT. DTSTART is the schedule's instant. */
export interface Recurrence {
  readonly frequency: 'daily' | 'weekly' | 'monthly';
  readonly interval: number;
  readonly byWeekday: readonly Weekday[] | null;
  /** ISO-8601 instant; inclusive. */
  readonly until: string | null;
  /** Total number of occurrences, the first included. */
  readonly count: number | null;
}

export const PUBLISH_ERROR_CLASSES = [
  'transient',
  'rate_limited',
  'needs_refresh',
  'needs_reconnect',
  'rejected',
] as const;
export type PublishErrorClass = (typeof PUBLISH_ERROR_CLASSES)[number];

export interface PostMetrics {
  readonly impressions: number;
  readonly reach: number;
  readonly likes: number;
  readonly comments: number;
  readonly shares: number;
  readonly saves: number;
  readonly clicks: number;
}
