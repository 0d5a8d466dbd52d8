import Database from 'better-sqlite3';
import type { RequestMetadata } from '@herald/commands';
import { type EncryptedCommandsHarness, requestAs, startEncryptedCommandsHarness } from '@herald/testing';
import { AccountsModule } from '../src';

export interface AccountsHarness extends EncryptedCommandsHarness {
  /** The `data` column exactly as written to the SQLite file. */
  rawData(): string[];
}

/** The accounts module on the real embedded event store, with personal-data encryption on. */
export async function startAccounts(): Promise<AccountsHarness> {
  const harness = await startEncryptedCommandsHarness({
    name: 'accounts',
    module: AccountsModule,
    now: '2026-03-10T09:00:00.000Z',
  });
  return {
    ...harness,
    rawData: () => {
      const db = new Database(harness.eventsFile, { readonly: true });
      try {
        return db.prepare<[], { data: string }>('SELECT data FROM events ORDER BY position').all().map((row) => row.data);
      } finally {
        db.close();
      }
    },
  };
}

export const ORG_ID = '0190f3a4-0000-7000-8000-00000000o001';

export const request = (actor: RequestMetadata['actor'], extra: Partial<RequestMetadata> = {}): RequestMetadata =>
  requestAs(actor, ORG_ID, { correlationId: 'corr-1', ...extra });
