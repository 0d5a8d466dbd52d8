import type { SocialPlatform } from '@herald/accounts';
import type { Metrics } from './metric-math';

export const ANALYTICS_PROJECTION = 'analytics';

export const ANALYTICS_COLLECTIONS = {
  settings: 'settings',
  accounts: 'accounts',
  posts: 'posts',
  publications: 'publications',
  snapshots: 'snapshots',
  buckets: 'buckets',
} as const;

/** A connected account, for labels and the audience view. */
export interface AnalyticsAccountDocument {
  _id: string;
  organizationId: string;
  platform: SocialPlatform;
  handle: string;
  displayName: string | null;
  connectedAt: string;
  disconnectedAt: string | null;
}

/**
 * One Herald post with the sum over its publications of their latest snapshots: what top-post
 * rankings sort on. `firstPublishedAt` stays null until a target is published.
 */
export interface AnalyticsPostDocument {
  _id: string;
  organizationId: string;
  excerpt: string;
  firstPublishedAt: string | null;
  platforms: SocialPlatform[];
  accountIds: string[];
  publications: number;
  metrics: Metrics;
  engagementRate: number | null;
  lastMeasuredAt: string | null;
  deleted: boolean;
}

/** One published platform post (a post on one account, per occurrence for recurring posts). */
export interface PublicationDocument {
  /** `<postId>:<accountId>:<platformPostId>` */
  _id: string;
  organizationId: string;
  postId: string;
  accountId: string;
  platform: SocialPlatform;
  platformPostId: string;
  url: string | null;
  occurrence: number;
  publishedAt: string;
  /** The latest snapshot (cumulative since publication). */
  metrics: Metrics;
  engagementRate: number | null;
  measuredAt: string | null;
}

/**
 * Every metrics snapshot as recorded, with the delta against the snapshot before it. The delta
 * is computed from snapshots of strictly earlier events only, so replaying an event (or a whole
 * rebuild) derives the same delta again: nothing is counted twice.
 */
export interface SnapshotDocument {
  /** `<publicationId>@<global position>` */
  _id: string;
  organizationId: string;
  postId: string;
  accountId: string;
  publicationId: string;
  measuredAt: string;
  sequence: number;
  metrics: Metrics;
  delta: Metrics;
  /** Measured before a snapshot already recorded: kept for the record, not counted. */
  stale: boolean;
}

/** What the snapshots measured in one 15-minute UTC bucket added up to, per account. */
export interface BucketDocument {
  /** `<accountId>@<bucket start>` */
  _id: string;
  organizationId: string;
  accountId: string;
  platform: SocialPlatform;
  /** Start of the bucket, ISO-8601 UTC. */
  bucket: string;
  metrics: Metrics;
  measurements: number;
}

export const publicationId = (postId: string, accountId: string, platformPostId: string): string =>
  `${postId}:${accountId}:${platformPostId}`;
export const snapshotId = (publication: string, position: number): string => `${publication}@${position}`;
export const bucketId = (accountId: string, bucket: string): string => `${accountId}@${bucket}`;
