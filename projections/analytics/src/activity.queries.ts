import type { SocialPlatform } from '@herald/accounts';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import type { Filter } from '@herald/read-store';
import { idList, localDateOf } from '@herald/projections/support';
import {
  ANALYTICS_COLLECTIONS as C,
  ANALYTICS_PROJECTION,
  type AnalyticsAccountDocument,
  type AnalyticsPostDocument,
  type BucketDocument,
  type PublicationDocument,
} from './analytics.documents';
import { resolvePeriod, type PeriodInput, type ResolvedPeriod } from './analytics-period';
import { addMetrics, engagementRate, readMetrics, zeroMetrics, type Metrics } from './metric-math';

export interface Measured {
  readonly metrics: Metrics;
  readonly engagementRate: number | null;
}

export interface DailyMetrics extends Measured {
  /** Local date in the organization's zone. */
  readonly date: string;
}

export interface AccountActivity extends Measured {
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly handle: string | null;
}

export interface PlatformActivity extends Measured {
  readonly platform: SocialPlatform;
}

/**
 * What the organization's posts gained during the period: the growth of every post's metrics
 * measured within it, whenever the post was published. `postsPublished` counts posts whose first
 * publication falls in the period.
 */
export interface AnalyticsOverview extends Measured {
  readonly organizationId: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  readonly postsPublished: number;
  readonly publications: number;
  readonly daily: DailyMetrics[];
  readonly byPlatform: PlatformActivity[];
  readonly byAccount: AccountActivity[];
}

export interface AccountDailyInput extends PeriodInput {
  readonly accountIds?: string | readonly string[];
}

export interface AccountDaily {
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly handle: string | null;
  readonly days: DailyMetrics[];
}

export interface AccountsDaily {
  readonly organizationId: string;
  readonly timeZone: string;
  readonly from: string;
  readonly to: string;
  readonly accounts: AccountDaily[];
}

/** Reach and impressions accumulated from the start of the period, per day. */
export interface AudiencePoint {
  readonly date: string;
  readonly reach: number;
  readonly impressions: number;
  readonly cumulativeReach: number;
  readonly cumulativeImpressions: number;
}

export interface AccountAudience {
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly handle: string | null;
  readonly connectedAt: string | null;
  /**
   * Always null: no accounts event carries follower counts yet. The series is the reach the
   * account's posts gained, a proxy for audience growth, not its size.
   */
  readonly followers: null;
  readonly days: AudiencePoint[];
}

const measuredOf = (metrics: Metrics): Measured => ({ metrics, engagementRate: engagementRate(metrics) });

/** Sums per key, preserving the insertion order of keys. */
class Sums {
  readonly byKey = new Map<string, Metrics>();
  add(key: string, metrics: Metrics): void {
    this.byKey.set(key, addMetrics(this.byKey.get(key) ?? zeroMetrics(), metrics));
  }
  get(key: string): Metrics {
    return this.byKey.get(key) ?? zeroMetrics();
  }
}

export class ActivityQueries {
  constructor(private readonly catalog: ProjectionCatalog) {}

  async overview(input: PeriodInput): Promise<AnalyticsOverview> {
    const period = await resolvePeriod(this.catalog, input);
    const buckets = await this.buckets(period);
    const total = new Sums();
    const daily = new Sums();
    const platforms = new Sums();
    const accounts = new Sums();
    const platformOf = new Map<string, SocialPlatform>();
    const dayOf = localDays(period.timeZone);
    for (const bucket of buckets) {
      const metrics = readMetrics(bucket.metrics);
      total.add('', metrics);
      daily.add(dayOf(bucket.bucket), metrics);
      platforms.add(bucket.platform, metrics);
      accounts.add(bucket.accountId, metrics);
      platformOf.set(bucket.accountId, bucket.platform);
    }
    const labels = await this.accountLabels(period.organizationId);
    const range = {
      organizationId: period.organizationId,
      firstPublishedAt: { $gte: period.start, $lt: period.end },
    };
    const posts = await this.catalog.open<AnalyticsPostDocument>(ANALYTICS_PROJECTION, C.posts);
    const publications = await this.catalog.open<PublicationDocument>(ANALYTICS_PROJECTION, C.publications);
    return {
      organizationId: period.organizationId,
      timeZone: period.timeZone,
      from: period.from,
      to: period.to,
      ...measuredOf(total.get('')),
      postsPublished: await posts.count(range),
      publications: await publications.count({
        organizationId: period.organizationId,
        publishedAt: { $gte: period.start, $lt: period.end },
      }),
      daily: period.days.map((date) => ({ date, ...measuredOf(daily.get(date)) })),
      byPlatform: [...platforms.byKey.keys()].sort().map((platform) => ({
        platform: platform as SocialPlatform,
        ...measuredOf(platforms.get(platform)),
      })),
      byAccount: [...accounts.byKey.keys()].sort().map((accountId) => ({
        accountId,
        platform: platformOf.get(accountId) as SocialPlatform,
        handle: labels.get(accountId)?.handle ?? null,
        ...measuredOf(accounts.get(accountId)),
      })),
    };
  }

  /** Per account and local day; every day of the period is present (zeros where nothing was measured). */
  async accountDaily(input: AccountDailyInput): Promise<AccountsDaily> {
    const period = await resolvePeriod(this.catalog, input);
    const requested = idList(input.accountIds, 'accountIds');
    const buckets = await this.buckets(period, requested);
    const labels = await this.accountLabels(period.organizationId);
    const sums = new Sums();
    const platformOf = new Map<string, SocialPlatform>();
    const dayOf = localDays(period.timeZone);
    for (const bucket of buckets) {
      sums.add(`${bucket.accountId}\u0000${dayOf(bucket.bucket)}`, readMetrics(bucket.metrics));
      platformOf.set(bucket.accountId, bucket.platform);
    }
    for (const [accountId, label] of labels)
      if (!platformOf.has(accountId) && label.disconnectedAt === null)
        platformOf.set(accountId, label.platform);
    const accountIds = (requested ?? [...platformOf.keys()]).filter((id) => platformOf.has(id)).sort();
    return {
      organizationId: period.organizationId,
      timeZone: period.timeZone,
      from: period.from,
      to: period.to,
      accounts: accountIds.map((accountId) => ({
        accountId,
        platform: platformOf.get(accountId) as SocialPlatform,
        handle: labels.get(accountId)?.handle ?? null,
        days: period.days.map((date) => ({ date, ...measuredOf(sums.get(`${accountId}\u0000${date}`)) })),
      })),
    };
  }

  async audienceGrowth(input: AccountDailyInput): Promise<{
    organizationId: string;
    timeZone: string;
    from: string;
    to: string;
    accounts: AccountAudience[];
  }> {
    const daily = await this.accountDaily(input);
    const labels = await this.accountLabels(daily.organizationId);
    return {
      organizationId: daily.organizationId,
      timeZone: daily.timeZone,
      from: daily.from,
      to: daily.to,
      accounts: daily.accounts.map((account) => {
        let cumulativeReach = 0;
        let cumulativeImpressions = 0;
        return {
          accountId: account.accountId,
          platform: account.platform,
          handle: account.handle,
          connectedAt: labels.get(account.accountId)?.connectedAt ?? null,
          followers: null,
          days: account.days.map(({ date, metrics }) => {
            cumulativeReach += metrics.reach;
            cumulativeImpressions += metrics.impressions;
            return {
              date,
              reach: metrics.reach,
              impressions: metrics.impressions,
              cumulativeReach,
              cumulativeImpressions,
            };
          }),
        };
      }),
    };
  }

  private async buckets(period: ResolvedPeriod, accountIds?: readonly string[]): Promise<BucketDocument[]> {
    const collection = await this.catalog.open<BucketDocument>(ANALYTICS_PROJECTION, C.buckets);
    const filter: Filter<BucketDocument> = {
      organizationId: period.organizationId,
      bucket: { $gte: period.start, $lt: period.end },
    };
    if (accountIds !== undefined) filter.accountId = { $in: accountIds };
    return collection.find(filter, { sort: { bucket: 1 } });
  }

  private async accountLabels(organizationId: string): Promise<Map<string, AnalyticsAccountDocument>> {
    const collection = await this.catalog.open<AnalyticsAccountDocument>(ANALYTICS_PROJECTION, C.accounts);
    const accounts = await collection.find({ organizationId });
    return new Map(accounts.map((account) => [account._id, account]));
  }
}

/** Local date of a bucket start, cached: a period has at most ~40,000 distinct buckets. */
function localDays(timeZone: string): (bucket: string) => string {
  const cache = new Map<string, string>();
  return (bucket) => {
    let date = cache.get(bucket);
    if (date === undefined) {
      date = localDateOf(bucket, timeZone);
      cache.set(bucket, date);
    }
    return date;
  };
}
