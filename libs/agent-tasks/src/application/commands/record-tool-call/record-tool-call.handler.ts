import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandPipeline } from '@herald/commands';
import { type AgentTaskCommandResult, executeOnAgentTask } from '../agent-task-command';
import { RecordAgentToolCallCommand } from './record-tool-call.command';

@CommandHandler(RecordAgentToolCallCommand)
export class RecordAgentToolCallHandler implements ICommandHandler<RecordAgentToolCallCommand> {
  constructor(private readonly pipeline: CommandPipeline) {}

  execute(command: RecordAgentToolCallCommand): Promise<AgentTaskCommandResult> {
    return executeOnAgentTask(this.pipeline, command, command.taskId, (context) => ({
      type: 'RecordToolCall',
      tool: command.tool,
      arguments: command.args,
      result: command.result,
      ok: command.ok,
      durationMs: command.durationMs,
      actorRole: command.actorRole,
      context,
    }));
  }
}
