import { appendContract } from './append.contract';
import type { EventStoreContractFactory, EventStoreContractFeatures } from './contract-fixture';
import { integrityContract } from './integrity.contract';
import { readContract } from './read.contract';
import { subscriptionContract } from './subscription.contract';

export type { ContractStoreOptions, EventStoreContractFactory, EventStoreContractFeatures, EventStoreContractFixture, RawEventAccess } from './contract-fixture';

/**
 * The behaviour every EventStore adapter must show (DESIGN.md "Guarantees"). Each adapter's spec
 * calls this with a factory that opens a fresh, empty store per test (tests count positions
 * from 1) and declares which test hooks it provides.
 */
export function eventStoreContract(
  name: string,
  factory: EventStoreContractFactory,
  features: EventStoreContractFeatures = { rawAccess: false, readFaults: false },
): void {
  describe(`EventStore contract: ${name}`, () => {
    appendContract(factory);
    readContract(factory);
    subscriptionContract(factory, features);
    integrityContract(factory, features);
  });
}
