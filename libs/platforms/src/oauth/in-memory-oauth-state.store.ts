import { HeraldError } from '@herald/shared-kernel';
import type { OAuthStateRecord, OAuthStateStore } from './oauth-state.port';

/** For embedded single-process mode and tests; states are lost on restart (users simply start again). */
export class InMemoryOAuthStateStore implements OAuthStateStore {
  private readonly records = new Map<string, OAuthStateRecord>();

  async save(record: OAuthStateRecord): Promise<void> {
    if (this.records.has(record.stateHash)) throw new HeraldError('PLATFORM.OAUTH_STATE_INVALID', 'This authorization state is already pending.');
    this.records.set(record.stateHash, record);
  }

  async take(stateHash: string): Promise<OAuthStateRecord | null> {
    const record = this.records.get(stateHash) ?? null;
    this.records.delete(stateHash);
    return record;
  }

  async purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (const [hash, record] of this.records) {
      if (Date.parse(record.expiresAt) < now.getTime()) {
        this.records.delete(hash);
        purged++;
      }
    }
    return purged;
  }
}
