/**
 * A test hook for the "connection dropped" path: adapters consult it before each subscription
 * read, so a spec can make the next reads fail and watch the subscription back off and resume.
 * Production code never arms it.
 */
export class TransientReadFaults {
  private remaining = 0;

  failNext(count: number): void {
    this.remaining += count;
  }

  throwIfArmed(): void {
    if (this.remaining <= 0) return;
    this.remaining -= 1;
    throw new Error('simulated dropped connection');
  }
}
