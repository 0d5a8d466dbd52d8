import { HeraldCommand, type RequestMetadata } from '@herald/commands';
import type { PostMetrics } from '../../../domain/post.types';
import type { PostCommandResult } from '../post-command';

export class RecordPostMetricsCommand extends HeraldCommand<PostCommandResult> {
  readonly commandType = 'posts.metrics.record';

  constructor(
    readonly postId: string,
    readonly accountId: string,
    readonly platformPostId: string,
    readonly metrics: PostMetrics,
    readonly measuredAt: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
