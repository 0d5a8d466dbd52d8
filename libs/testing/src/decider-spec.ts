import type { Decider, ErrorCode } from '@herald/shared-kernel';
import { HeraldError } from '@herald/shared-kernel';

/**
 * given(events).when(command).then(events) — specs that read as the rules they check.
 * `then` compares the produced events exactly; `thenThrows` checks the catalogue code.
 */
export function deciderSpec<Command, Event, State>(decider: Decider<Command, Event, State>) {
  return {
    given(history: readonly Event[]) {
      const state = history.reduce((s, e) => decider.evolve(s, e), decider.initialState);
      return {
        when(command: Command) {
          const run = () => decider.decide(command, state);
          return {
            then(expected: readonly Event[]): void {
              expect(run()).toEqual(expected);
            },
            thenEvents(): readonly Event[] {
              return run();
            },
            thenThrows(code: ErrorCode): HeraldError {
              let thrown: unknown;
              try {
                run();
              } catch (error) {
                thrown = error;
              }
              expect(thrown).toBeInstanceOf(HeraldError);
              expect((thrown as HeraldError).code).toBe(code);
              return thrown as HeraldError;
            },
          };
        },
      };
    },
  };
}
