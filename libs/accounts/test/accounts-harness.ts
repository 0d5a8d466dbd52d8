import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CommandBus } from '@nestjs/cqrs';
import { CommandsModule, SqliteIdempotencyStore, type RequestMetadata } from '@herald/commands';
import { AesGcmPersonalDataProtector, type EventStore, SqliteEventStore, SqliteKeyVault } from '@herald/event-store';
import { FixedClock, uuidV7Generator } from '@herald/shared-kernel';
import { AccountsModule } from '../src';

export interface AccountsHarness {
  readonly bus: CommandBus;
  readonly store: EventStore;
  readonly keyVault: SqliteKeyVault;
  readonly clock: FixedClock;
  /** The `data` column exactly as written to the SQLite file. */
  rawData(): string[];
  close(): Promise<void>;
}

/** The accounts module on the real embedded event store, with personal-data encryption on. */
export async function startAccounts(): Promise<AccountsHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'herald-accounts-'));
  const file = join(dir, 'events.sqlite');
  const keyVault = new SqliteKeyVault({ filename: join(dir, 'keys.sqlite'), masterKey: randomBytes(32) });
  const store = await SqliteEventStore.open({ path: file, protector: new AesGcmPersonalDataProtector(keyVault) });
  const idempotency = SqliteIdempotencyStore.open({ path: join(dir, 'idempotency.sqlite') });
  const clock = new FixedClock(new Date('2026-03-10T09:00:00.000Z'));

  @Module({ imports: [CommandsModule.forRoot({ eventStore: store, clock, ids: uuidV7Generator, idempotency }), AccountsModule] })
  class TestRoot {}

  const app: INestApplicationContext = await NestFactory.createApplicationContext(TestRoot, { logger: false });
  await app.init();
  return {
    bus: app.get(CommandBus),
    store,
    keyVault,
    clock,
    rawData: () => {
      const db = new Database(file, { readonly: true });
      try {
        return db.prepare<[], { data: string }>('SELECT data FROM events ORDER BY position').all().map((row) => row.data);
      } finally {
        db.close();
      }
    },
    close: async () => {
      await app.close();
      await idempotency.close();
      await store.close();
      await keyVault.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const ORG_ID = '0190f3a4-0000-7000-8000-00000000o001';

export const request = (actor: RequestMetadata['actor'], extra: Partial<RequestMetadata> = {}): RequestMetadata => ({
  tenantId: ORG_ID,
  actor,
  correlationId: 'corr-1',
  causationId: null,
  ...extra,
});
