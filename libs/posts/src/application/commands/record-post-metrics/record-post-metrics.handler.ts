import { CommandPipeline } from '@herald/commands';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { executeOnPost, type PostCommandResult, postRevision } from '../post-command';
import { RecordPostMetricsCommand } from './record-post-metrics.command';

@CommandHandler(RecordPostMetricsCommand)
export class RecordPostMetricsHandler implements ICommandHandler<RecordPostMetricsCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RecordPostMetricsCommand): Promise<PostCommandResult> {
    return executeOnPost(
      this.pipeline,
      command,
      command.postId,
      (context) => ({
        type: 'RecordPostMetrics',
        context,
        accountId: command.accountId,
        platformPostId: command.platformPostId,
        metrics: command.metrics,
        measuredAt: command.measuredAt,
      }),
      postRevision(command.postId),
    );
  }
}
