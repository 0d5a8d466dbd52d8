import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline, type PreparedCommand } from '@herald/commands';
import { agentTaskDecider } from '../../../domain/agent-task.decider';
import type { AgentTaskCommand } from '../../../domain/agent-task.commands';
import { agentTaskStreamId } from '../../../domain/agent-task.events';
import type { AgentTaskCommandResult } from '../agent-task-command';
import { RequestAgentTaskCommand } from './request-agent-task.command';

@CommandHandler(RequestAgentTaskCommand)
export class RequestAgentTaskHandler implements ICommandHandler<RequestAgentTaskCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RequestAgentTaskCommand): Promise<AgentTaskCommandResult> {
    let taskId = '';
    return this.pipeline.execute(command, {
      decider: agentTaskDecider,
      prepare: (ids): PreparedCommand<AgentTaskCommand> => {
        taskId = ids.next();
        return {
          streamId: agentTaskStreamId(taskId),
          command: (context) => ({
            type: 'RequestAgentTask',
            taskId,
            kind: command.kind,
            input: command.input,
            parentTaskId: command.parentTaskId,
            actorRole: command.actorRole,
            context,
          }),
        };
      },
      result: ({ revision }) => ({ taskId, revision }),
    });
  }
}
