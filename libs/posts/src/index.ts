export * from './domain/post.types';
export * from './domain/post.commands';
export * from './domain/post.events';
export * from './domain/post.state';
export * from './domain/post.decider';
export { renderForPlatform, renderText, countHashtags, type RenderedPost } from './domain/post-content';
export { CONTENT_ROLES, APPROVER_ROLES } from './domain/post.guards';
export { RETRY_DELAYS_MS } from './domain/post-publishing.decide';
export * from './domain/platform-rules';
export { occurrences, nextOccurrenceAfter, validateRecurrence } from './domain/recurrence/recurrence';
export { isValidTimeZone } from './domain/recurrence/zoned-time';
export * from './application/commands/post-command';
export * from './application/commands/draft-post/draft-post.command';
export * from './application/commands/edit-post/edit-post.command';
export * from './application/commands/submit-post/submit-post.command';
export * from './application/commands/approve-post/approve-post.command';
export * from './application/commands/reject-post/reject-post.command';
export * from './application/commands/schedule-post/schedule-post.command';
export * from './application/commands/reschedule-post/reschedule-post.command';
export * from './application/commands/cancel-post-schedule/cancel-post-schedule.command';
export * from './application/commands/publish-post-now/publish-post-now.command';
export {
  DuplicatePostCommand,
  type DuplicatePostResult,
} from './application/commands/duplicate-post/duplicate-post.command';
export * from './application/commands/delete-post/delete-post.command';
export * from './application/commands/start-publish-attempt/start-publish-attempt.command';
export * from './application/commands/record-publish-success/record-publish-success.command';
export * from './application/commands/record-publish-failure/record-publish-failure.command';
export * from './application/commands/record-post-metrics/record-post-metrics.command';
export * from './posts.module';
