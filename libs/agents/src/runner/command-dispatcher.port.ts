import type { HeraldCommand } from '@herald/commands';

/** The command bus the agents write through (Nest's CommandBus fits): no event is appended any other way. */
export interface CommandDispatcher {
  execute<R>(command: HeraldCommand<R>): Promise<R>;
}
