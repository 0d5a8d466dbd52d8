export interface PeriodicTaskOptions {
  readonly name: string;
  readonly intervalMs: number;
  /** The first run waits a random part of one interval, so replicas started together do not run in step. */
  readonly stagger?: boolean;
  readonly log: { error(message: string): void };
}

/**
 * Runs `work` every `intervalMs`, never two runs at once (a slow run delays the next one rather
 * than overlapping it). A failed run is logged and the next one comes as planned. Timers are
 * unref'd: they never keep a process alive on their own.
 */
export class PeriodicTask {
  private timer: NodeJS.Timeout | null = null;
  private inFlight: Promise<void> | null = null;
  private running = false;

  constructor(
    private readonly options: PeriodicTaskOptions,
    private readonly work: () => Promise<unknown>,
  ) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    const first = this.options.stagger
      ? Math.floor(Math.random() * this.options.intervalMs)
      : this.options.intervalMs;
    this.schedule(first);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.inFlight = this.work()
        .then(
          () => undefined,
          (error: unknown) =>
            this.options.log.error(
              `${this.options.name}: ${error instanceof Error ? error.message : String(error)}`,
            ),
        )
        .finally(() => {
          this.inFlight = null;
          if (this.running) this.schedule(this.options.intervalMs);
        });
    }, delayMs);
    this.timer.unref();
  }
}
