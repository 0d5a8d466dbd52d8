import { eventStoreContract } from '../contract/event-store.contract';
import { openTemporarySqliteStore } from './sqlite-test-fixture';

eventStoreContract('sqlite', (options) => openTemporarySqliteStore(options), { rawAccess: true, readFaults: true });
