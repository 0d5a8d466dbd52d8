import type { MemberRole } from '@herald/organizations';
import type { CommandContext } from '@herald/shared-kernel';
import type {
  PlatformVariants,
  PostContent,
  PostMetrics,
  PublishErrorClass,
  Recurrence,
  TargetAccountFacts,
} from './post.types';

/** Commands a member issues; the application layer resolves the member's role in the organization. */
interface MemberCommand {
  readonly context: CommandContext;
  readonly role: MemberRole;
}

/** Commands only the publisher saga and the metrics sync issue. */
interface SystemCommand {
  readonly context: CommandContext;
}

export interface DraftPost extends MemberCommand {
  readonly type: 'DraftPost';
  readonly postId: string;
  readonly organizationId: string;
  readonly content: PostContent;
  readonly variants: PlatformVariants;
  /** Set when the draft is the copy made by DuplicatePost on the source post. */
  readonly duplicatedFrom: string | null;
}

export interface EditPost extends MemberCommand {
  readonly type: 'EditPost';
  readonly content: PostContent;
  readonly variants: PlatformVariants;
}

export interface SubmitPostForApproval extends MemberCommand {
  readonly type: 'SubmitPostForApproval';
}

export interface ApprovePost extends MemberCommand {
  readonly type: 'ApprovePost';
  readonly note: string | null;
}

export interface RejectPost extends MemberCommand {
  readonly type: 'RejectPost';
  readonly reason: string;
}

export interface SchedulePost extends MemberCommand {
  readonly type: 'SchedulePost';
  /** ISO-8601 instant of the (first) publication. */
  readonly at: string;
  /** IANA zone the author plans in: recurrences keep its wall-clock time. */
  readonly timeZone: string;
  readonly recurrence: Recurrence | null;
  readonly targets: readonly TargetAccountFacts[];
  /** The organization's "posts need approval" setting. */
  readonly approvalRequired: boolean;
  /** The plan's limit on scheduled posts and the organization's current count. */
  readonly planLimit: { readonly limit: number; readonly scheduledPosts: number };
}

export interface ReschedulePost extends MemberCommand {
  readonly type: 'ReschedulePost';
  readonly at: string;
  readonly timeZone: string;
  /** Facts for every current target on the new day (excluding this post from the counts). */
  readonly targets: readonly TargetAccountFacts[];
}

export interface CancelPostSchedule extends MemberCommand {
  readonly type: 'CancelPostSchedule';
  readonly reason: string | null;
}

export interface PublishPostNow extends MemberCommand {
  readonly type: 'PublishPostNow';
  /**
   * A draft or approved post: the accounts to publish to. A scheduled post: exactly its targets.
   * A completed post: some of its failed targets, to retry them (published ones never are).
   */
  readonly targets: readonly TargetAccountFacts[];
  readonly approvalRequired: boolean;
}

export interface DuplicatePost extends MemberCommand {
  readonly type: 'DuplicatePost';
  readonly newPostId: string;
}

export interface DeletePost extends MemberCommand {
  readonly type: 'DeletePost';
}

export interface StartPublishAttempt extends SystemCommand {
  readonly type: 'StartPublishAttempt';
  readonly accountId: string;
  /** Chosen by the publisher before the platform call; the same id again is a no-op. */
  readonly attemptId: string;
  readonly occurrence: number;
}

export interface RecordPublishSuccess extends SystemCommand {
  readonly type: 'RecordPublishSuccess';
  readonly accountId: string;
  readonly attemptId: string;
  readonly platformPostId: string;
  readonly url: string | null;
}

export interface RecordPublishFailure extends SystemCommand {
  readonly type: 'RecordPublishFailure';
  readonly accountId: string;
  readonly attemptId: string;
  readonly errorClass: PublishErrorClass;
  readonly message: string;
  /** The platform's Retry-After, when it sent one. */
  readonly retryAfter: string | null;
}

export interface RecordPostMetrics extends SystemCommand {
  readonly type: 'RecordPostMetrics';
  readonly accountId: string;
  readonly platformPostId: string;
  readonly metrics: PostMetrics;
  readonly measuredAt: string;
}

export type PostCommand =
  | DraftPost
  | EditPost
  | SubmitPostForApproval
  | ApprovePost
  | RejectPost
  | SchedulePost
  | ReschedulePost
  | CancelPostSchedule
  | PublishPostNow
  | DuplicatePost
  | DeletePost
  | StartPublishAttempt
  | RecordPublishSuccess
  | RecordPublishFailure
  | RecordPostMetrics;
