import { eventStoreContract } from '../contract/event-store.contract';
import { openTemporarySqliteStore } from './test-support/sqlite-test-fixture';

eventStoreContract('sqlite', (options) => openTemporarySqliteStore(options), { rawAccess: true, readFaults: true });
