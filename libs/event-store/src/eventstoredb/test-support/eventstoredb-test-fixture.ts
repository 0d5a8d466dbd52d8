import { randomBytes } from 'node:crypto';
import type { ContractStoreOptions, EventStoreContractFixture } from '../../contract/event-store.contract';
import { TransientReadFaults } from '../../core/read-faults';
import {
  EventStoreDbEventStore,
  type EventStoreDbClientPort,
  type EventStoreDbEventStoreOptions,
} from '../eventstoredb-event-store';

/**
 * A store in a namespace of its own, so every test sees an empty, gap-free `$all` even on a
 * shared server. The client is shared and outlives the store.
 */
export function openNamespacedStore(
  client: EventStoreDbClientPort,
  options: ContractStoreOptions & Partial<EventStoreDbEventStoreOptions> = {},
): EventStoreContractFixture & {
  store: EventStoreDbEventStore;
  readFaults: TransientReadFaults;
  namespace: string;
} {
  const namespace = `t${randomBytes(6).toString('hex')}`;
  const readFaults = new TransientReadFaults();
  const store = new EventStoreDbEventStore({
    resubscribeBackoff: { initialMs: 10, maxMs: 200 },
    readFaults,
    ...options,
    client,
    namespace,
    ownsClient: false,
  });
  return { store, readFaults, namespace, cleanup: () => store.close() };
}
