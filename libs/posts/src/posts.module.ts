import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ApprovePostHandler } from './application/commands/approve-post/approve-post.handler';
import { CancelPostScheduleHandler } from './application/commands/cancel-post-schedule/cancel-post-schedule.handler';
import { DeletePostHandler } from './application/commands/delete-post/delete-post.handler';
import { DraftPostHandler } from './application/commands/draft-post/draft-post.handler';
import { DuplicatePostHandler } from './application/commands/duplicate-post/duplicate-post.handler';
import { EditPostHandler } from './application/commands/edit-post/edit-post.handler';
import { PublishPostNowHandler } from './application/commands/publish-post-now/publish-post-now.handler';
import { RecordPostMetricsHandler } from './application/commands/record-post-metrics/record-post-metrics.handler';
import { RecordPublishFailureHandler } from './application/commands/record-publish-failure/record-publish-failure.handler';
import { RecordPublishSuccessHandler } from './application/commands/record-publish-success/record-publish-success.handler';
import { RejectPostHandler } from './application/commands/reject-post/reject-post.handler';
import { ReschedulePostHandler } from './application/commands/reschedule-post/reschedule-post.handler';
import { SchedulePostHandler } from './application/commands/schedule-post/schedule-post.handler';
import { StartPublishAttemptHandler } from './application/commands/start-publish-attempt/start-publish-attempt.handler';
import { SubmitPostForApprovalHandler } from './application/commands/submit-post/submit-post.handler';

export const POST_COMMAND_HANDLERS = [
  DraftPostHandler,
  EditPostHandler,
  SubmitPostForApprovalHandler,
  ApprovePostHandler,
  RejectPostHandler,
  SchedulePostHandler,
  ReschedulePostHandler,
  CancelPostScheduleHandler,
  PublishPostNowHandler,
  DuplicatePostHandler,
  DeletePostHandler,
  StartPublishAttemptHandler,
  RecordPublishSuccessHandler,
  RecordPublishFailureHandler,
  RecordPostMetricsHandler,
];

/** Needs `CommandsModule.forRoot(...)` (global) in the process: handlers inject its CommandPipeline. */
@Module({
  imports: [CqrsModule],
  providers: [...POST_COMMAND_HANDLERS],
})
export class PostsModule {}
