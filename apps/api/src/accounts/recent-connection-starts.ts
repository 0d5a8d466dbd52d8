export interface ConnectionStart {
  readonly authorizationUrl: string;
  readonly expiresAt: Date;
}

/**
 * What `startAccountConnection` answered under an idempotency key, until the authorization it
 * started expires, so a retried request sends the user to the same state instead of issuing a
 * second one. Kept in process memory on purpose: the URL carries the state, which is stored
 * nowhere else in readable form. A retry reaching another replica gets a fresh state, which is
 * harmless (an unused state expires on its own).
 */
export class RecentConnectionStarts {
  private readonly starts = new Map<string, ConnectionStart>();

  constructor(private readonly maxEntries = 10_000) {}

  get(key: string, now: Date): ConnectionStart | null {
    const start = this.starts.get(key);
    if (start === undefined) return null;
    if (start.expiresAt.getTime() <= now.getTime()) {
      this.starts.delete(key);
      return null;
    }
    return start;
  }

  remember(key: string, start: ConnectionStart, now: Date): void {
    for (const [known, value] of this.starts) {
      if (value.expiresAt.getTime() <= now.getTime()) this.starts.delete(known);
    }
    // Map iteration is insertion order: past the bound, the oldest answers go first.
    while (this.starts.size >= this.maxEntries) {
      const oldest = this.starts.keys().next();
      if (oldest.done === true) break;
      this.starts.delete(oldest.value);
    }
    this.starts.set(key, start);
  }
}
