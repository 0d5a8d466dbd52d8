import type { AgentTaskKind } from '@herald/agent-tasks';
import type { Clock } from '@herald/shared-kernel';
import type { VectorMemory } from '../memory/vector-memory.port';
import type { BestTimeSource } from '../stats/best-time.port';
import type { PerformanceSource } from '../stats/performance.port';
import type { AgentRun } from './agent-run';
import type { CommandDispatcher } from './command-dispatcher.port';

export interface AgentServices {
  readonly memory: VectorMemory;
  readonly commands: CommandDispatcher;
  readonly bestTime: BestTimeSource | null;
  readonly performance: PerformanceSource | null;
  readonly clock: Clock;
}

export type AgentResult = Readonly<Record<string, unknown>>;

/** Lets a workflow park itself (a LangGraph interrupt) instead of completing: a person decides next. */
export class AwaitingApproval {
  constructor(readonly proposal: unknown) {}
}

/**
 * One agent. `generative` agents cannot do anything useful without a model and fail with
 * AI.NOT_CONFIGURED at once; the others compute their statistics and add the model's reading
 * only when one is configured and the budget allows.
 */
export interface AgentDefinition<Input = unknown> {
  readonly kind: AgentTaskKind;
  readonly generative: boolean;
  parseInput(input: Readonly<Record<string, unknown>>): Input;
  run(run: AgentRun, input: Input, services: AgentServices): Promise<AgentResult | AwaitingApproval>;
}

export const defineAgent = <Input>(definition: AgentDefinition<Input>): AgentDefinition<Input> => definition;
