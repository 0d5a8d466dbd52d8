import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  AesGcmPersonalDataProtector,
  SqliteEventStore,
  SqliteKeyVault,
  type EventStore,
  type KeyVault,
} from '@herald/event-store';
import {
  resolveMasterKey,
  type EventStoreAdapter,
  type HeraldConfig,
  type MasterKeyWarnings,
} from '@herald/shared-kernel';
import { openEventStoreDb } from './eventstoredb.factory';
import { EVENTS_FILE, KEYS_FILE } from './data-files';

/** The event store with what it depends on, closed together. Shared by api, worker and cli. */
export interface EventStoreResources {
  readonly adapter: EventStoreAdapter;
  readonly store: EventStore;
  readonly keyVault: KeyVault;
  close(): Promise<void>;
}

export async function openEventStore(
  config: HeraldConfig,
  log: MasterKeyWarnings,
): Promise<EventStoreResources> {
  switch (config.eventStore) {
    case 'sqlite':
      return openSqliteEventStore(config, log);
    case 'eventstoredb':
      return openEventStoreDb(config, log);
  }
}

async function openSqliteEventStore(
  config: HeraldConfig,
  log: MasterKeyWarnings,
): Promise<EventStoreResources> {
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const keyVault = new SqliteKeyVault({
    filename: path.join(config.dataDir, KEYS_FILE),
    masterKey: resolveMasterKey(config, log),
  });
  let store: SqliteEventStore;
  try {
    store = await SqliteEventStore.open({
      path: path.join(config.dataDir, EVENTS_FILE),
      synchronous: config.sqliteSynchronous,
      protector: new AesGcmPersonalDataProtector(keyVault),
    });
  } catch (error) {
    await keyVault.close();
    throw error;
  }
  return {
    adapter: 'sqlite',
    store,
    keyVault,
    // The store first: it may still be encrypting a queued append with the vault's keys.
    close: async () => {
      try {
        await store.close();
      } finally {
        await keyVault.close();
      }
    },
  };
}
