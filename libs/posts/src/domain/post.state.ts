import type { SocialPlatform } from '@herald/accounts';
import type {
  PlatformVariants,
  PostContent,
  PostMetrics,
  PostTarget,
  PublishErrorClass,
  Recurrence,
} from './post.types';

export interface Publication {
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly occurrence: number;
  readonly platformPostId: string;
  readonly url: string | null;
  readonly publishedAt: string;
  readonly metrics: (PostMetrics & { readonly measuredAt: string }) | null;
}

export interface PostCore {
  readonly postId: string;
  readonly organizationId: string;
  readonly authorId: string;
  readonly content: PostContent;
  readonly variants: PlatformVariants;
  readonly duplicatedFrom: string | null;
  readonly approval: { readonly approvedBy: string; readonly approvedAt: string } | null;
  readonly lastRejection: {
    readonly rejectedBy: string;
    readonly reason: string;
    readonly rejectedAt: string;
  } | null;
  /** Every successful publication, all occurrences included: the proof nothing is posted twice. */
  readonly publications: readonly Publication[];
}

export type TargetStatus = 'pending' | 'publishing' | 'published' | 'failed';

/** One target account for the current occurrence. */
export interface TargetProgress extends PostTarget {
  readonly status: TargetStatus;
  /** Attempts ever started for this target and occurrence: numbers attempts. */
  readonly attempts: number;
  /** Failures since the last schedule or publish request: drives the retry backoff. */
  readonly failuresSinceRequest: number;
  /** The attempt in flight (status `publishing`) or the last one. */
  readonly lastAttemptId: string | null;
  readonly retryAt: string | null;
  readonly lastError: { readonly errorClass: PublishErrorClass; readonly message: string } | null;
}

export interface Schedule {
  /** When the current occurrence is due. */
  readonly at: string;
  readonly timeZone: string;
  readonly recurrence: Recurrence | null;
  /** DTSTART of the series the recurrence counts from. */
  readonly seriesStart: string;
  readonly seriesIndex: number;
  /** Increases by one per occurrence over the post's life; keys publish attempts. */
  readonly occurrence: number;
}

export type PostState =
  | { readonly status: 'none' }
  | { readonly status: 'draft'; readonly post: PostCore }
  | {
      readonly status: 'in_review';
      readonly post: PostCore;
      readonly submittedBy: string;
      readonly submittedAt: string;
    }
  | { readonly status: 'approved'; readonly post: PostCore }
  | {
      readonly status: 'scheduled';
      readonly post: PostCore;
      readonly schedule: Schedule;
      readonly targets: readonly TargetProgress[];
    }
  | {
      readonly status: 'publishing';
      readonly post: PostCore;
      readonly schedule: Schedule;
      readonly targets: readonly TargetProgress[];
    }
  | {
      readonly status: 'completed';
      readonly post: PostCore;
      readonly schedule: Schedule;
      readonly targets: readonly TargetProgress[];
    }
  | { readonly status: 'deleted'; readonly post: PostCore; readonly deletedAt: string };

export type PostStatus = PostState['status'];
export type ExistingPostState = Exclude<PostState, { status: 'none' }>;
export type TargetedPostState = Extract<PostState, { status: 'scheduled' | 'publishing' | 'completed' }>;

export const isTargeted = (state: PostState): state is TargetedPostState =>
  state.status === 'scheduled' || state.status === 'publishing' || state.status === 'completed';

export const pendingTarget = (target: PostTarget): TargetProgress => ({
  accountId: target.accountId,
  platform: target.platform,
  status: 'pending',
  attempts: 0,
  failuresSinceRequest: 0,
  lastAttemptId: null,
  retryAt: null,
  lastError: null,
});
