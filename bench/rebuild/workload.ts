import type { SocialPlatform } from '@herald/accounts';
import type { OrganizationEvent } from '@herald/organizations';
import {
  occurrences,
  type PostContent,
  type PostEvent,
  type PostTarget,
  type Recurrence,
} from '@herald/posts';

/**
 * The event log the rebuild benchmark replays: one agency organization with many posts over
 * four years, each post living a realistic life — drafted, often edited, sometimes approved,
 * scheduled (sometimes rescheduled or cancelled), published per target account (with failures
 * and retries), completed, then measured a few times — plus a few small organizations. Events
 * come out in time order across posts, as the log would hold them. Deterministic for a seed.
 */
export interface WorkloadOptions {
  readonly posts: number;
  readonly seed: number;
  /** The agency's zone: the calendar cuts months there. */
  readonly timeZone: string;
}

export type BenchDomainEvent = PostEvent | OrganizationEvent | AccountConnected;

type AccountConnected = {
  readonly type: 'socialAccount.connected';
  readonly schemaVersion: 1;
  readonly data: Record<string, unknown>;
};

export interface WorkloadEvent {
  readonly streamId: string;
  readonly tenantId: string;
  readonly at: number;
  readonly event: BenchDomainEvent;
}

export const AGENCY = 'org-agency';
const SMALL_ORGANIZATIONS = ['org-bakery', 'org-gym', 'org-florist'];
const PLATFORMS: readonly SocialPlatform[] = ['x', 'linkedin', 'facebook', 'instagram'];
export const FIRST_DAY = Date.parse('2026-01-01T00:00:00.000Z');
export const LAST_DAY = Date.parse('2029-12-31T00:00:00.000Z');
/** Posts due after this are still scheduled when the log ends. */
export const NOW = Date.parse('2029-10-01T00:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** mulberry32: small, fast and good enough to shape a workload. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** Min-heap on time: events of overlapping post lives come out interleaved in time order. */
class TimeHeap {
  private readonly items: WorkloadEvent[] = [];

  get size(): number {
    return this.items.length;
  }

  peek(): WorkloadEvent | undefined {
    return this.items[0];
  }

  push(item: WorkloadEvent): void {
    const items = this.items;
    items.push(item);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (items[parent].at <= item.at) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = item;
  }

  pop(): WorkloadEvent | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && items[right].at < items[left].at ? right : left;
      if (items[child].at >= last.at) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }
}

const WORDS = [
  'launch',
  'summer',
  'sale',
  'behind',
  'the',
  'scenes',
  'team',
  'coffee',
  'new',
  'collection',
  'workshop',
  'tips',
  'weekend',
  'recipe',
  'event',
  'customer',
  'story',
  'thanks',
  'preview',
  'today',
];

const iso = (ms: number): string => new Date(ms).toISOString();

export function* generateWorkload(options: WorkloadOptions): Generator<WorkloadEvent> {
  const rnd = random(options.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rnd() * items.length)];
  const text = (words: number): string => Array.from({ length: words }, () => pick(WORDS)).join(' ');
  const content = (): PostContent => ({
    text: `${text(12 + Math.floor(rnd() * 20))} #${pick(WORDS)}`,
    title: rnd() < 0.2 ? text(4) : null,
    media:
      rnd() < 0.5
        ? [
            {
              type: 'image',
              url: `https://cdn.example/${Math.floor(rnd() * 1e9)}.jpg`,
              mimeType: 'image/jpeg',
              sizeBytes: 250_000,
              width: 1080,
              height: 1080,
              durationSeconds: null,
              altText: null,
            },
          ]
        : [],
    hashtags: [pick(WORDS)],
    mentions: [],
    links: rnd() < 0.3 ? ['https://shop.example/offer'] : [],
  });

  const heap = new TimeHeap();
  const organizations = [AGENCY, ...SMALL_ORGANIZATIONS];
  const accounts = new Map<string, PostTarget[]>();
  let start = FIRST_DAY - 30 * DAY;
  for (const organizationId of organizations) {
    const agency = organizationId === AGENCY;
    const created: OrganizationEvent = {
      type: 'organization.created',
      schemaVersion: 1,
      data: {
        organizationId,
        name: organizationId,
        plan: agency ? 'enterprise' : 'pro',
        createdBy: `user-${organizationId}-founder`,
        settings: {
          timeZone: agency ? options.timeZone : 'UTC',
          dataRetentionDays: 365,
          requiresApproval: agency,
          dailyCaps: {},
        },
      },
    };
    yield { streamId: `organization-${organizationId}`, tenantId: organizationId, at: start, event: created };
    const owned: PostTarget[] = [];
    for (let i = 0; i < (agency ? 24 : 3); i++) {
      const accountId = `acct-${organizationId}-${i}`;
      const platform = PLATFORMS[i % PLATFORMS.length];
      owned.push({ accountId, platform });
      start += HOUR;
      yield {
        streamId: `socialAccount-${accountId}`,
        tenantId: organizationId,
        at: start,
        event: {
          type: 'socialAccount.connected',
          schemaVersion: 1,
          data: { accountId, organizationId, platform, handle: `@${accountId}`, connectedAt: iso(start) },
        },
      };
    }
    accounts.set(organizationId, owned);
  }

  const span = LAST_DAY - FIRST_DAY;
  for (let n = 0; n < options.posts; n++) {
    // Due times spread evenly over the four years; a post is drafted some days before it is due.
    const due = FIRST_DAY + Math.floor(((n + rnd()) / options.posts) * span);
    const organizationId = n % 50 === 49 ? pick(SMALL_ORGANIZATIONS) : AGENCY;
    for (const event of postLife(`p${String(n).padStart(7, '0')}`, organizationId, due)) heap.push(event);
    const drafted = due - 3 * DAY;
    while (heap.size > 0 && (heap.peek()?.at ?? Infinity) <= drafted) yield heap.pop() as WorkloadEvent;
  }
  while (heap.size > 0) yield heap.pop() as WorkloadEvent;

  function postLife(postId: string, organizationId: string, due: number): WorkloadEvent[] {
    const streamId = `post-${postId}`;
    const out: WorkloadEvent[] = [];
    const add = (at: number, event: PostEvent) => out.push({ streamId, tenantId: organizationId, at, event });
    let at = due - 3 * DAY - Math.floor(rnd() * 4 * DAY);
    const owned = accounts.get(organizationId) ?? [];
    add(at, {
      type: 'post.drafted',
      schemaVersion: 1,
      data: {
        postId,
        organizationId,
        authorId: 'user-author',
        content: content(),
        variants: {},
        duplicatedFrom: null,
        draftedAt: iso(at),
      },
    });
    if (rnd() < 0.4) {
      at += HOUR;
      add(at, {
        type: 'post.edited',
        schemaVersion: 1,
        data: { content: content(), variants: {}, editedBy: 'user-author', editedAt: iso(at) },
      });
    }
    const fate = rnd();
    if (fate < 0.015) {
      at += HOUR;
      add(at, {
        type: 'post.deleted',
        schemaVersion: 1,
        data: { deletedBy: 'user-author', deletedAt: iso(at) },
      });
      return out;
    }
    if (fate < 0.03) return out;
    if (organizationId === AGENCY) {
      at += HOUR;
      add(at, {
        type: 'post.submittedForApproval',
        schemaVersion: 1,
        data: { submittedBy: 'user-author', submittedAt: iso(at) },
      });
      at += HOUR;
      add(at, {
        type: 'post.approved',
        schemaVersion: 1,
        data: { approvedBy: 'user-manager', note: null, approvedAt: iso(at) },
      });
    }
    const targetCount = 1 + Math.floor(rnd() * 2.6);
    const first = Math.floor(rnd() * owned.length);
    const targets = Array.from(
      { length: Math.min(targetCount, owned.length) },
      (_, i) => owned[(first + i) % owned.length],
    );
    const recurrence: Recurrence | null =
      rnd() < 0.004 ? { frequency: 'weekly', interval: 1, byWeekday: null, until: null, count: 4 } : null;
    at += HOUR;
    add(at, {
      type: 'post.scheduled',
      schemaVersion: 1,
      data: {
        at: iso(due),
        timeZone: options.timeZone,
        recurrence,
        targets,
        occurrence: 0,
        scheduledBy: 'user-author',
        scheduledAt: iso(at),
      },
    });
    let dueAt = due;
    if (rnd() < 0.1) {
      at += HOUR;
      dueAt = due + 2 * HOUR;
      add(at, {
        type: 'post.rescheduled',
        schemaVersion: 1,
        data: {
          previousAt: iso(due),
          at: iso(dueAt),
          timeZone: options.timeZone,
          recurrence,
          rescheduledBy: 'user-author',
          rescheduledAt: iso(at),
        },
      });
    }
    if (rnd() < 0.02) {
      add(at + HOUR, {
        type: 'post.scheduleCancelled',
        schemaVersion: 1,
        data: { reason: null, cancelledBy: 'user-author', cancelledAt: iso(at + HOUR) },
      });
      return out;
    }
    if (dueAt > NOW) return out;
    if (recurrence !== null) {
      publishSeries(streamId, organizationId, recurrence, dueAt, targets, out);
      return out;
    }
    const published: string[] = [];
    const failed: string[] = [];
    for (const target of targets) {
      let attempt = 1;
      let when = dueAt + Math.floor(rnd() * 60_000);
      const facts = () => ({
        accountId: target.accountId,
        platform: target.platform,
        occurrence: 0,
        attemptId: `${postId}-${target.accountId}-${attempt}`,
        attemptNumber: attempt,
      });
      add(when, {
        type: 'post.publishAttemptStarted',
        schemaVersion: 1,
        data: { ...facts(), startedAt: iso(when) },
      });
      if (rnd() < 0.08) {
        const retryAt = when + 5 * 60_000;
        add(when + 2_000, {
          type: 'post.publishAttemptFailed',
          schemaVersion: 1,
          data: {
            ...facts(),
            errorClass: 'transient',
            message: 'platform timeout',
            retryAt: iso(retryAt),
            failedAt: iso(when + 2_000),
          },
        });
        attempt += 1;
        when = retryAt;
        add(when, {
          type: 'post.publishAttemptStarted',
          schemaVersion: 1,
          data: { ...facts(), startedAt: iso(when) },
        });
        if (rnd() < 0.1) {
          add(when + 2_000, {
            type: 'post.publishFailedFinally',
            schemaVersion: 1,
            data: {
              ...facts(),
              errorClass: 'rejected',
              reason: 'media rejected',
              failedAt: iso(when + 2_000),
            },
          });
          failed.push(target.accountId);
          continue;
        }
      }
      const platformPostId = `pp-${postId}-${target.accountId}`;
      add(when + 1_500, {
        type: 'post.publishSucceeded',
        schemaVersion: 1,
        data: {
          ...facts(),
          platformPostId,
          url: `https://${target.platform}.example/${platformPostId}`,
          publishedAt: iso(when + 1_500),
        },
      });
      published.push(target.accountId);
      for (const hours of [24, 24 * 7]) {
        const measured = when + hours * HOUR;
        add(measured, {
          type: 'post.metricsRecorded',
          schemaVersion: 1,
          data: {
            accountId: target.accountId,
            platformPostId,
            metrics: {
              impressions: Math.floor(rnd() * 10_000),
              reach: Math.floor(rnd() * 8_000),
              likes: Math.floor(rnd() * 500),
              comments: Math.floor(rnd() * 40),
              shares: Math.floor(rnd() * 30),
              clicks: Math.floor(rnd() * 200),
              saves: Math.floor(rnd() * 20),
            },
            measuredAt: iso(measured),
          },
        });
      }
    }
    add(dueAt + 10 * 60_000, {
      type: 'post.publishingCompleted',
      schemaVersion: 1,
      data: { occurrence: 0, published, failed, completedAt: iso(dueAt + 10 * 60_000) },
    });
    return out;
  }

  /**
   * A recurring series as the publisher drives it: each occurrence due before the log's end is
   * published on every target, then the next one is scheduled (at the instant the rule gives in
   * the series' zone) or, after the last, publishing completes. Later occurrences stay open.
   */
  function publishSeries(
    streamId: string,
    organizationId: string,
    rule: Recurrence,
    start: number,
    targets: readonly PostTarget[],
    out: WorkloadEvent[],
  ): void {
    const add = (at: number, event: PostEvent) => out.push({ streamId, tenantId: organizationId, at, event });
    const series = [...occurrences(rule, new Date(start), options.timeZone)];
    for (const [occurrence, { at }] of series.entries()) {
      const due = at.getTime();
      if (due > NOW) return;
      for (const target of targets) {
        const facts = {
          accountId: target.accountId,
          platform: target.platform,
          occurrence,
          attemptId: `${streamId}-${occurrence}-${target.accountId}`,
          attemptNumber: 1,
        };
        add(due, {
          type: 'post.publishAttemptStarted',
          schemaVersion: 1,
          data: { ...facts, startedAt: iso(due) },
        });
        add(due + 1_500, {
          type: 'post.publishSucceeded',
          schemaVersion: 1,
          data: {
            ...facts,
            platformPostId: `${facts.attemptId}-pp`,
            url: null,
            publishedAt: iso(due + 1_500),
          },
        });
      }
      const next = series[occurrence + 1];
      const settled = due + 5 * 60_000;
      add(
        settled,
        next === undefined
          ? {
              type: 'post.publishingCompleted',
              schemaVersion: 1,
              data: {
                occurrence,
                published: targets.map((t) => t.accountId),
                failed: [],
                completedAt: iso(settled),
              },
            }
          : {
              type: 'post.nextOccurrenceScheduled',
              schemaVersion: 1,
              data: { occurrence: occurrence + 1, seriesIndex: next.index, at: next.at.toISOString() },
            },
      );
    }
  }
}
