import type { SocialPlatform } from '@herald/accounts';
import type { RequestMetadata } from '@herald/commands';

export interface ScheduleRequest {
  readonly organizationId: string;
  readonly postId: string;
  /** ISO-8601 instant. */
  readonly at: string;
  readonly timeZone: string;
  readonly platforms: readonly SocialPlatform[];
  /** The approver acts: the schedule is their decision, the agent only proposed it. */
  readonly metadata: RequestMetadata;
  readonly approverRole: string;
}

/**
 * Schedules an approved draft through the posts context's SchedulePost command. The adapter lives
 * with the application (it reads the target accounts, their daily caps and the plan's limits from
 * the read models, as the GraphQL mutation does); the workflow only decides when to call it.
 */
export interface ScheduleSink {
  schedule(request: ScheduleRequest): Promise<{ postId: string; revision: number | null }>;
}
