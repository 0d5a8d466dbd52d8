import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { AesGcmPersonalDataProtector, EventStoreDbEventStore, SqliteKeyVault } from '@herald/event-store';
import {
  HeraldError,
  resolveMasterKey,
  type HeraldConfig,
  type MasterKeyWarnings,
} from '@herald/shared-kernel';
import type { EventStoreResources } from './event-store.factory';
import { KEYS_FILE } from './data-files';

/**
 * EventStoreDB/KurrentDB for events. The key vault is the SQLite one in HERALD_DATA_DIR: every
 * api and worker process must mount the same data volume (docker/docker-compose.yml does), or
 * two processes would create different keys for one data subject. A networked vault replaces
 * it when replicas spread over several hosts.
 */
export async function openEventStoreDb(
  config: HeraldConfig,
  log: MasterKeyWarnings,
): Promise<EventStoreResources> {
  if (config.eventStoreConnectionString === undefined) {
    throw new HeraldError(
      'CONFIG.INVALID',
      'EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb',
      {
        variables: ['EVENTSTORE_CONNECTION_STRING'],
      },
    );
  }
  mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
  const keyVault = new SqliteKeyVault({
    filename: path.join(config.dataDir, KEYS_FILE),
    masterKey: resolveMasterKey(config, log),
  });
  let store: EventStoreDbEventStore;
  try {
    store = EventStoreDbEventStore.connect(config.eventStoreConnectionString, {
      protector: new AesGcmPersonalDataProtector(keyVault),
    });
  } catch (error) {
    await keyVault.close();
    throw error;
  }
  return {
    adapter: 'eventstoredb',
    store,
    keyVault,
    close: async () => {
      try {
        await store.close();
      } finally {
        await keyVault.close();
      }
    },
  };
}
