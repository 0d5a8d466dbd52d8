import { Inject, Injectable, type BeforeApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import { HeraldConfig } from '@herald/shared-kernel';

export interface CheckResult {
  readonly status: 'up' | 'down';
  readonly error?: string;
}

export interface Readiness {
  readonly status: 'ok' | 'error';
  readonly checks: Readonly<Record<string, CheckResult>>;
}

/** A hung connection must fail the probe, not hang it past the orchestrator's own timeout. */
export const CHECK_TIMEOUT_MS = 2000;

/**
 * Ready = this process can serve a request end to end: configuration loaded, event store
 * answering, not shutting down. Draining flips readiness first so load balancers stop
 * sending traffic while in-flight requests finish.
 */
@Injectable()
export class ReadinessService implements BeforeApplicationShutdown {
  private draining = false;

  constructor(
    private readonly config: HeraldConfig,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  beforeApplicationShutdown(): void {
    this.draining = true;
  }

  async check(): Promise<Readiness> {
    const checks: Record<string, CheckResult> = {
      config:
        this.config instanceof HeraldConfig ? { status: 'up' } : { status: 'down', error: 'not loaded' },
      eventStore: await probe(() => this.eventStore.headPosition()),
    };
    if (this.draining) checks.lifecycle = { status: 'down', error: 'shutting down' };
    const ok = Object.values(checks).every((check) => check.status === 'up');
    return { status: ok ? 'ok' : 'error', checks };
  }
}

async function probe(query: () => Promise<unknown>): Promise<CheckResult> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
  });
  try {
    await Promise.race([query(), timeout]);
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}
