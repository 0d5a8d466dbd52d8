import type { HeraldCommand } from '@herald/commands';

/** The Nest CommandBus as sagas use it: every saga command is a HeraldCommand with system metadata. */
export interface SagaCommandBus {
  execute<R>(command: HeraldCommand<R>): Promise<R>;
}

/** Nest's Logger fits; tests pass a recorder. */
export interface SagaLogger {
  log(message: string): void;
  warn(message: string): void;
  error(message: string, trace?: string): void;
}

export const silentSagaLogger: SagaLogger = {
  log: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/** Resolves after `ms`, or at once when `signal` aborts (work under a lost lease stops waiting). */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, Math.max(0, ms));
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
