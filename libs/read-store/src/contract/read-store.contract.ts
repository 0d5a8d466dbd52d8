import { aggregationContract } from './aggregation.contract';
import { batchesContract } from './batches.contract';
import { contractContext, type ReadStoreHarness } from './contract-harness';
import { filtersContract } from './filters.contract';
import { indexesContract } from './indexes.contract';
import { pagingContract } from './paging.contract';
import { writesContract } from './writes.contract';

export type { ReadStoreHarness } from './contract-harness';

/**
 * The behaviour every ReadStore adapter must show. Each adapter's spec calls this with a
 * harness; guarantees that legitimately differ (atomic batches) are read from
 * `store.guarantees` and asserted accordingly, never skipped.
 */
export function describeReadStoreContract(adapter: string, harness: ReadStoreHarness): void {
  describe(`ReadStore contract: ${adapter}`, () => {
    const ctx = contractContext(harness);
    filtersContract(ctx);
    writesContract(ctx);
    batchesContract(ctx);
    pagingContract(ctx);
    indexesContract(ctx);
    aggregationContract(ctx);
  });
}
