import path from 'node:path';
import { EventStoreDbEventStore, SqliteEventStore, type EventStore } from '@herald/event-store';
import { HeraldError, type HeraldConfig } from '@herald/shared-kernel';
import { EVENTS_FILE } from '../../../../api/src/infrastructure/data-files';

export interface RelayEventStore {
  readonly store: EventStore;
  close(): Promise<void>;
}

/**
 * The relay's own connection to the log, opened WITHOUT the personal-data protector: it must
 * publish events as stored, personal fields still encrypted (EventRelay refuses plaintext). On
 * SQLite it is a second connection to the same file (WAL lets it read while the process appends).
 */
export async function openRelayEventStore(config: HeraldConfig): Promise<RelayEventStore> {
  switch (config.eventStore) {
    case 'sqlite': {
      const store = await SqliteEventStore.open({
        path: path.join(config.dataDir, EVENTS_FILE),
        synchronous: config.sqliteSynchronous,
        // Appends come through the other connection: poll often, the relay's latency is this.
        pollIntervalMs: 50,
      });
      return { store, close: () => store.close() };
    }
    case 'eventstoredb': {
      if (config.eventStoreConnectionString === undefined) {
        throw new HeraldError(
          'CONFIG.INVALID',
          'EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=eventstoredb',
          {
            variables: ['EVENTSTORE_CONNECTION_STRING'],
          },
        );
      }
      const store = EventStoreDbEventStore.connect(config.eventStoreConnectionString, {});
      return { store, close: () => store.close() };
    }
  }
}
