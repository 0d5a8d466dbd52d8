import type { Coordination } from '../coordination';
import type { HandlerErrorReporter } from '../pubsub/handler-registry';

/** How an adapter's spec hands its ports to the contract suites. */
export interface CoordinationHarness {
  /**
   * One replica's view: Redis gives each call its own connections (as separate processes would
   * have); memory hands out its single in-process instance, which is all embedded mode has.
   * The spec closes what it handed out.
   */
  replica(options?: { onHandlerError?: HandlerErrorReporter }): Promise<Coordination>;
}

let counter = 0;
const run = `${process.pid.toString(36)}${Date.now().toString(36)}`;

/** A name no other test (or parallel run sharing the server) uses. */
export function unique(label: string): string {
  return `${label}-${run}-${++counter}`;
}

/** Polls until `check` returns a value other than undefined; fails after `timeoutMs`. */
export async function eventually<T>(
  check: () => Promise<T | undefined> | T | undefined,
  timeoutMs = 5_000,
  description = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export function percentile(sortedValues: readonly number[], fraction: number): number {
  if (sortedValues.length === 0) return NaN;
  const index = Math.min(sortedValues.length - 1, Math.ceil(fraction * sortedValues.length) - 1);
  return sortedValues[Math.max(0, index)];
}
