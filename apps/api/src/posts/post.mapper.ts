import type { SocialPlatform } from '@herald/accounts';
import type { MediaItem, PlatformVariant as DomainVariant, Recurrence as DomainRecurrence } from '@herald/posts';
import type { PostView } from '@herald/projections/posts';
import type { Media, PlatformVariant, Post, Recurrence } from './post.models';

const instant = (value: string | null): Date | null => (value === null ? null : new Date(value));

const media = (item: MediaItem): Media => ({ ...item });

function recurrence(rule: DomainRecurrence | null): Recurrence | null {
  if (rule === null) return null;
  return {
    frequency: rule.frequency,
    interval: rule.interval,
    byWeekday: rule.byWeekday === null ? null : [...rule.byWeekday],
    until: instant(rule.until),
    count: rule.count,
  };
}

function variants(view: PostView): PlatformVariant[] {
  return (Object.entries(view.variants) as [SocialPlatform, DomainVariant | undefined][])
    .filter((entry): entry is [SocialPlatform, DomainVariant] => entry[1] !== undefined)
    .map(([platform, variant]) => ({
      platform,
      text: variant.text ?? null,
      title: variant.title ?? null,
      media: variant.media === undefined ? null : variant.media.map(media),
    }));
}

export function toPost(view: PostView): Post {
  return {
    id: view.id,
    status: view.status,
    authorId: view.authorId,
    text: view.content.text,
    title: view.content.title,
    media: view.content.media.map(media),
    hashtags: [...view.content.hashtags],
    mentions: [...view.content.mentions],
    links: [...view.content.links],
    variants: variants(view),
    duplicatedFrom: view.duplicatedFrom,
    schedule:
      view.schedule === null
        ? null
        : {
            at: new Date(view.schedule.at),
            timeZone: view.schedule.timeZone,
            recurrence: recurrence(view.schedule.recurrence),
            occurrence: view.schedule.occurrence,
          },
    targets: view.targets.map((target) => ({
      accountId: target.accountId,
      platform: target.platform,
      status: target.status,
      attempts: target.attempts,
      retryAt: instant(target.retryAt),
      lastError: target.lastError === null ? null : { ...target.lastError },
      platformPostId: target.platformPostId,
      url: target.url,
      publishedAt: instant(target.publishedAt),
    })),
    approval:
      view.approval === null
        ? null
        : { approvedBy: view.approval.approvedBy, approvedAt: new Date(view.approval.approvedAt), note: view.approval.note },
    lastRejection:
      view.lastRejection === null
        ? null
        : {
            rejectedBy: view.lastRejection.rejectedBy,
            reason: view.lastRejection.reason,
            rejectedAt: new Date(view.lastRejection.rejectedAt),
          },
    submittedAt: instant(view.submission?.submittedAt ?? null),
    createdAt: new Date(view.createdAt),
    updatedAt: new Date(view.updatedAt),
    deletedAt: instant(view.deletedAt),
  };
}
