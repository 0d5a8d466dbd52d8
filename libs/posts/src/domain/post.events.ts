import type { SocialPlatform } from '@herald/accounts';
import type { DomainEvent } from '@herald/shared-kernel';
import type {
  PlatformVariants,
  PostContent,
  PostMetrics,
  PostTarget,
  PublishErrorClass,
  Recurrence,
} from './post.types';

export const postStreamId = (postId: string): string => `post-${postId}`;

export type PostDrafted = DomainEvent<
  'post.drafted',
  {
    readonly postId: string;
    readonly organizationId: string;
    readonly authorId: string;
    readonly content: PostContent;
    readonly variants: PlatformVariants;
    readonly duplicatedFrom: string | null;
    readonly draftedAt: string;
  }
>;
export type PostEdited = DomainEvent<
  'post.edited',
  {
    readonly content: PostContent;
    readonly variants: PlatformVariants;
    readonly editedBy: string;
    readonly editedAt: string;
  }
>;
export type PostSubmittedForApproval = DomainEvent<
  'post.submittedForApproval',
  { readonly submittedBy: string; readonly submittedAt: string }
>;
export type PostApproved = DomainEvent<
  'post.approved',
  { readonly approvedBy: string; readonly note: string | null; readonly approvedAt: string }
>;
export type PostRejected = DomainEvent<
  'post.rejected',
  { readonly rejectedBy: string; readonly reason: string; readonly rejectedAt: string }
>;
export type PostScheduled = DomainEvent<
  'post.scheduled',
  {
    readonly at: string;
    readonly timeZone: string;
    readonly recurrence: Recurrence | null;
    readonly targets: readonly PostTarget[];
    readonly occurrence: number;
    readonly scheduledBy: string;
    readonly scheduledAt: string;
  }
>;
export type PostRescheduled = DomainEvent<
  'post.rescheduled',
  {
    readonly previousAt: string;
    readonly at: string;
    readonly timeZone: string;
    /** The rule from the new instant on (a COUNT is reduced by the occurrences already past). */
    readonly recurrence: Recurrence | null;
    readonly rescheduledBy: string;
    readonly rescheduledAt: string;
  }
>;
export type PostScheduleCancelled = DomainEvent<
  'post.scheduleCancelled',
  { readonly reason: string | null; readonly cancelledBy: string; readonly cancelledAt: string }
>;
export type PostPublishRequested = DomainEvent<
  'post.publishRequested',
  {
    readonly targets: readonly PostTarget[];
    readonly occurrence: number;
    readonly requestedBy: string;
    readonly requestedAt: string;
  }
>;
export type PostDuplicated = DomainEvent<
  'post.duplicated',
  { readonly newPostId: string; readonly duplicatedBy: string; readonly duplicatedAt: string }
>;
export type PostDeleted = DomainEvent<
  'post.deleted',
  { readonly deletedBy: string; readonly deletedAt: string }
>;

interface AttemptFacts {
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly occurrence: number;
  readonly attemptId: string;
  readonly attemptNumber: number;
}

export type PostPublishAttemptStarted = DomainEvent<
  'post.publishAttemptStarted',
  AttemptFacts & { readonly startedAt: string }
>;
export type PostPublishSucceeded = DomainEvent<
  'post.publishSucceeded',
  AttemptFacts & {
    readonly platformPostId: string;
    readonly url: string | null;
    readonly publishedAt: string;
  }
>;
export type PostPublishAttemptFailed = DomainEvent<
  'post.publishAttemptFailed',
  AttemptFacts & {
    readonly errorClass: PublishErrorClass;
    readonly message: string;
    /** When the next attempt may start; null when this failure is final. */
    readonly retryAt: string | null;
    readonly failedAt: string;
  }
>;
export type PostPublishFailedFinally = DomainEvent<
  'post.publishFailedFinally',
  AttemptFacts & {
    readonly errorClass: PublishErrorClass;
    readonly reason: string;
    readonly failedAt: string;
  }
>;
export type PostNextOccurrenceScheduled = DomainEvent<
  'post.nextOccurrenceScheduled',
  { readonly occurrence: number; readonly seriesIndex: number; readonly at: string }
>;
export type PostPublishingCompleted = DomainEvent<
  'post.publishingCompleted',
  {
    readonly occurrence: number;
    readonly published: readonly string[];
    readonly failed: readonly string[];
    readonly completedAt: string;
  }
>;
export type PostMetricsRecorded = DomainEvent<
  'post.metricsRecorded',
  {
    readonly accountId: string;
    readonly platformPostId: string;
    readonly metrics: PostMetrics;
    readonly measuredAt: string;
  }
>;

export type PostEvent =
  | PostDrafted
  | PostEdited
  | PostSubmittedForApproval
  | PostApproved
  | PostRejected
  | PostScheduled
  | PostRescheduled
  | PostScheduleCancelled
  | PostPublishRequested
  | PostDuplicated
  | PostDeleted
  | PostPublishAttemptStarted
  | PostPublishSucceeded
  | PostPublishAttemptFailed
  | PostPublishFailedFinally
  | PostNextOccurrenceScheduled
  | PostPublishingCompleted
  | PostMetricsRecorded;
