import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type PreparedCommand } from '@herald/commands';
import { userDecider } from '../../../domain/user.decider';
import type { UserCommand } from '../../../domain/user.commands';
import { userStreamId } from '../../../domain/user.events';
import { type DataExportRequested, RequestDataExportCommand } from './request-data-export.command';

@CommandHandler(RequestDataExportCommand)
export class RequestDataExportHandler implements ICommandHandler<RequestDataExportCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RequestDataExportCommand): Promise<DataExportRequested> {
    const { userId } = command;
    let exportId = '';
    return this.pipeline.execute(command, {
      decider: userDecider,
      prepare: (ids): PreparedCommand<UserCommand> => {
        exportId = ids.next();
        return {
          streamId: userStreamId(userId),
          tenantId: null,
          command: (context) => ({ type: 'RequestDataExport', exportId, context }),
        };
      },
      result: ({ revision }) => ({ userId, exportId, revision }),
      subjectIds: () => [userId],
    });
  }
}
