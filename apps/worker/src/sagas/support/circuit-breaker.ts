import { HeraldError, type Clock } from '@herald/shared-kernel';

export type CircuitState = 'closed' | 'open' | 'half_open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long an open circuit refuses calls before it lets one probe through. */
  readonly openMs: number;
}

export const DEFAULT_CIRCUIT_BREAKER_OPTIONS: CircuitBreakerOptions = { failureThreshold: 5, openMs: 60_000 };

export type CircuitPermit =
  { readonly allowed: true } | { readonly allowed: false; readonly retryInMs: number };

/**
 * Closed → open after `failureThreshold` consecutive failures; open refuses every call for
 * `openMs`; then half-open lets exactly one probe through: its success closes the circuit, its
 * failure opens it again for another `openMs`. Only failures that say "the platform is in trouble"
 * should be reported (5xx, timeouts); a refused post proves the platform is up and counts as a
 * success. State lives in the process: each replica learns a platform's health on its own calls.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt: number | null = null;
  private probing = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: CircuitBreakerOptions = DEFAULT_CIRCUIT_BREAKER_OPTIONS,
  ) {
    if (!Number.isInteger(options.failureThreshold) || options.failureThreshold < 1) {
      throw new RangeError('failureThreshold must be a positive integer');
    }
    if (!(options.openMs > 0)) throw new RangeError('openMs must be positive');
  }

  get state(): CircuitState {
    if (this.openedAt === null) return 'closed';
    return this.clock.now().getTime() - this.openedAt >= this.options.openMs ? 'half_open' : 'open';
  }

  /** Asks to make one call; a granted half-open permit makes this call the probe. */
  tryPass(): CircuitPermit {
    const state = this.state;
    if (state === 'closed') return { allowed: true };
    const reopensIn = (this.openedAt ?? 0) + this.options.openMs - this.clock.now().getTime();
    if (state === 'open') return { allowed: false, retryInMs: Math.max(1, reopensIn) };
    if (this.probing)
      return { allowed: false, retryInMs: Math.max(1_000, Math.floor(this.options.openMs / 4)) };
    this.probing = true;
    return { allowed: true };
  }

  onSuccess(): void {
    this.failures = 0;
    this.openedAt = null;
    this.probing = false;
  }

  onFailure(): void {
    this.failures += 1;
    if (this.probing || this.failures >= this.options.failureThreshold) {
      this.openedAt = this.clock.now().getTime();
    }
    this.probing = false;
  }

  /** A granted call that ended without telling anything about the platform (cancelled, our own bug). */
  onAbandoned(): void {
    this.probing = false;
  }
}

/** One breaker per key (a platform), created on first use with the same options. */
export class CircuitBreakers {
  private readonly breakers = new Map<string, CircuitBreaker>();

  constructor(
    private readonly clock: Clock,
    private readonly options: CircuitBreakerOptions = DEFAULT_CIRCUIT_BREAKER_OPTIONS,
  ) {}

  for(key: string): CircuitBreaker {
    let breaker = this.breakers.get(key);
    if (breaker === undefined) {
      breaker = new CircuitBreaker(this.clock, this.options);
      this.breakers.set(key, breaker);
    }
    return breaker;
  }

  states(): Record<string, CircuitState> {
    return Object.fromEntries([...this.breakers].map(([key, breaker]) => [key, breaker.state]));
  }
}

export function circuitOpen(key: string, retryInMs: number): HeraldError {
  return new HeraldError(
    'SAGA.CIRCUIT_OPEN',
    `Calls to ${key} are paused after repeated failures; the next try is in ${Math.ceil(retryInMs / 1000)} s.`,
    { key, retryInMs },
  );
}
