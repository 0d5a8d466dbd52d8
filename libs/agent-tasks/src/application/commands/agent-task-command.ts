import type { CommandContext } from '@herald/shared-kernel';
import type { CommandPipeline, HeraldCommand } from '@herald/commands';
import { agentTaskDecider } from '../../domain/agent-task.decider';
import type { AgentTaskCommand } from '../../domain/agent-task.commands';
import { agentTaskStreamId } from '../../domain/agent-task.events';

export interface AgentTaskCommandResult {
  readonly taskId: string;
  readonly revision: number | null;
}

/** Runs a command on an agent task's stream; the tenant guard keeps other organizations out. */
export function executeOnAgentTask(
  pipeline: CommandPipeline,
  command: HeraldCommand<AgentTaskCommandResult>,
  taskId: string,
  toDomain: (context: CommandContext) => AgentTaskCommand,
): Promise<AgentTaskCommandResult> {
  return pipeline.execute(command, {
    decider: agentTaskDecider,
    prepare: () => ({ streamId: agentTaskStreamId(taskId), command: toDomain }),
    result: ({ revision }) => ({ taskId, revision }),
  });
}
