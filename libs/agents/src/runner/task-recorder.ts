import { RecordAgentTaskStepCommand, RecordAgentToolCallCommand } from '@herald/agent-tasks';
import type { AgentTask } from './agent-task';
import { agentMetadata } from './agent-task';
import type { CommandDispatcher } from './command-dispatcher.port';

const MAX_SUMMARY = 2000;

/**
 * Writes a run's progress onto its agent-task stream through the agent-tasks commands, one at a
 * time and awaited, so the stream's order is the order things happened.
 */
export class TaskRecorder {
  constructor(
    readonly task: AgentTask,
    private readonly commands: CommandDispatcher,
  ) {}

  async step(name: string, summary: string): Promise<void> {
    await this.commands.execute(
      new RecordAgentTaskStepCommand(
        this.task.taskId,
        name,
        summary.slice(0, MAX_SUMMARY),
        null,
        agentMetadata(this.task),
      ),
    );
  }

  async toolCall(
    tool: string,
    args: unknown,
    result: unknown,
    ok: boolean,
    durationMs: number,
  ): Promise<void> {
    await this.commands.execute(
      new RecordAgentToolCallCommand(
        this.task.taskId,
        tool,
        args,
        result,
        ok,
        Math.max(0, Math.round(durationMs)),
        null,
        agentMetadata(this.task),
      ),
    );
  }
}
