import type { JsonObject } from '@herald/read-store';
import type { Clock } from '@herald/shared-kernel';
import type { DurableTimer, DurableTimers } from './durable-timers';

/** `done`: the handler moved the timer on (or found nothing to do); otherwise try again later. */
export type TimerOutcome = 'done' | { readonly retryInMs: number };

export interface TimerLoopOptions {
  readonly clock: Clock;
  /** Longest sleep between two looks at the table: bounds how late a timer set by another replica fires. */
  readonly sweepMs: number;
  /** Timers handled at the same time. */
  readonly concurrency: number;
  /** Due timers read per look. */
  readonly batch: number;
  /** A timer still due after `done` with the same version waits this long (a handler that cannot progress). */
  readonly stuckRetryMs: number;
  readonly onError: (error: unknown, timerId: string) => void;
}

export const DEFAULT_TIMER_LOOP_OPTIONS: Omit<TimerLoopOptions, 'clock' | 'onError'> = {
  sweepMs: 30_000,
  concurrency: 8,
  batch: 100,
  stuckRetryMs: 5_000,
};

/**
 * Fires durable timers on time: it sleeps until the earliest due instant (never longer than
 * `sweepMs`), so a timer fires within the event loop's accuracy (milliseconds), and a `poke`
 * from whoever sets an earlier timer re-arms it at once. Handlers run detached, at most
 * `concurrency` at once and never two for the same timer in this process; across replicas the
 * handler itself must take a lease. Retries asked by a handler are kept in memory only: after a
 * restart every due timer is simply tried again.
 */
export class TimerLoop<P extends JsonObject> {
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly notBefore = new Map<string, number>();
  private readonly lastDone = new Map<string, number>();
  private wake: NodeJS.Timeout | null = null;
  private wakeAt: number | null = null;
  private sweeping: Promise<Promise<void>[]> | null = null;
  private running = false;

  constructor(
    private readonly timers: DurableTimers<P>,
    private readonly handler: (timer: DurableTimer<P>) => Promise<TimerOutcome>,
    private readonly options: TimerLoopOptions,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.arm(0);
  }

  /** Stops arming and waits for the handlers already running. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.wake !== null) clearTimeout(this.wake);
    this.wake = null;
    this.wakeAt = null;
    await this.sweeping?.catch(() => []);
    await Promise.all(this.inFlight.values());
  }

  /** A timer was set for `dueAt`: wake up then if that is earlier than the current plan. */
  poke(dueAt: Date | null): void {
    if (!this.running || dueAt === null) return;
    const delay = dueAt.getTime() - this.options.clock.now().getTime();
    if (this.wakeAt === null || dueAt.getTime() < this.wakeAt) this.arm(delay);
  }

  /** The timer changed (a new version): earlier retry waits and stuck marks no longer apply. */
  forget(timerId: string): void {
    this.notBefore.delete(timerId);
    this.lastDone.delete(timerId);
  }

  /**
   * Handles everything due now, waits for it, and repeats until nothing due is left to start
   * (handlers may make other timers due). For tests driving a manual clock and for shutdown drains.
   */
  async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      await Promise.all(this.inFlight.values());
      const started = await this.sweep();
      if (started.length === 0) return total;
      total += started.length;
      await Promise.all(started);
    }
  }

  private arm(delayMs: number): void {
    if (!this.running) return;
    if (this.wake !== null) clearTimeout(this.wake);
    const delay = Math.min(Math.max(0, delayMs), this.options.sweepMs);
    this.wakeAt = this.options.clock.now().getTime() + delay;
    this.wake = setTimeout(() => {
      this.wake = null;
      this.wakeAt = null;
      void this.sweep().catch((error: unknown) => this.options.onError(error, '*'));
    }, delay);
    // A waiting timer must not keep a finished process alive.
    this.wake.unref?.();
  }

  /** One look at the table: starts what is due and allowed, then arms the next wake-up. */
  private sweep(): Promise<Promise<void>[]> {
    // Looks are serialized; a look asked for during another one runs right after it.
    if (this.sweeping !== null) return this.sweeping.then(() => this.sweep());
    const sweeping = (async () => {
      try {
        return await this.startDue();
      } finally {
        this.sweeping = null;
        await this.armNext();
      }
    })();
    this.sweeping = sweeping;
    return sweeping;
  }

  private async startDue(): Promise<Promise<void>[]> {
    const now = this.options.clock.now().getTime();
    const started: Promise<void>[] = [];
    for (const [id, at] of this.notBefore) if (at <= now) this.notBefore.delete(id);
    const due = await this.timers.due(new Date(now), this.options.batch);
    for (const timer of due) {
      if (this.inFlight.size >= this.options.concurrency) break;
      if (this.inFlight.has(timer.id) || (this.notBefore.get(timer.id) ?? 0) > now) continue;
      if (this.lastDone.get(timer.id) === timer.version) {
        // The handler said done, yet the timer is still due unchanged: do not spin on it.
        this.notBefore.set(timer.id, now + this.options.stuckRetryMs);
        this.lastDone.delete(timer.id);
        continue;
      }
      started.push(this.launch(timer));
    }
    return started;
  }

  private launch(timer: DurableTimer<P>): Promise<void> {
    const run = (async () => {
      try {
        const outcome = await this.handler(timer);
        if (outcome === 'done') {
          this.notBefore.delete(timer.id);
          this.lastDone.set(timer.id, timer.version);
        } else {
          this.notBefore.set(timer.id, this.options.clock.now().getTime() + Math.max(1, outcome.retryInMs));
        }
      } catch (error) {
        this.options.onError(error, timer.id);
        this.notBefore.set(timer.id, this.options.clock.now().getTime() + this.options.stuckRetryMs);
      } finally {
        this.inFlight.delete(timer.id);
        // A freed slot or a moved timer may let something else start now.
        if (this.running) this.arm(0);
      }
    })();
    this.inFlight.set(timer.id, run);
    return run;
  }

  private async armNext(): Promise<void> {
    if (!this.running) return;
    const now = this.options.clock.now();
    const candidates: number[] = [];
    const next = await this.timers.nextAfter(now);
    if (next !== null) candidates.push(next.getTime());
    for (const at of this.notBefore.values()) if (at > now.getTime()) candidates.push(at);
    const earliest = candidates.length === 0 ? now.getTime() + this.options.sweepMs : Math.min(...candidates);
    if (this.wakeAt !== null && this.wakeAt <= earliest) return;
    this.arm(earliest - now.getTime());
  }
}
