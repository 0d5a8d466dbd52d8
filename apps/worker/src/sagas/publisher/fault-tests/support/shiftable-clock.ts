import type { Clock } from '@herald/shared-kernel';

/**
 * Real time plus an offset that can be moved forward once set-up is done: thousands of posts can
 * be scheduled for a due instant an hour ahead (scheduling them takes longer than any fixed
 * margin), then the clock is moved to just before it and runs at real speed from there, so the
 * lateness measured after the jump is real elapsed time.
 */
export class ShiftableClock implements Clock {
  private offsetMs = 0;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** Moves the clock so that `now()` reads `instant`; never backwards. */
  jumpTo(instant: Date): void {
    const offset = instant.getTime() - Date.now();
    if (offset < this.offsetMs) throw new Error('the clock only moves forward');
    this.offsetMs = offset;
  }
}
