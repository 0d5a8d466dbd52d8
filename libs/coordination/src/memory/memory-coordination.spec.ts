import { describeCacheContract } from '../contract/cache.contract';
import type { CoordinationHarness } from '../contract/contract-harness';
import { describeLeaseManagerContract } from '../contract/lease-manager.contract';
import { describePubSubContract } from '../contract/pub-sub.contract';
import { describeRateLimiterContract } from '../contract/rate-limiter.contract';
import { createMemoryCoordination, type Coordination } from '../coordination';
import type { HandlerErrorReporter } from '../pubsub/handler-registry';

// Embedded mode is one process: every "replica" is the same instance, except that a test asking
// for its own handler-error reporter gets a pub/sub of its own (it publishes through that one).
const shared = createMemoryCoordination();
const harness: CoordinationHarness = {
  replica: async (options?: { onHandlerError?: HandlerErrorReporter }): Promise<Coordination> => {
    if (!options?.onHandlerError) return shared;
    const own = createMemoryCoordination({ onHandlerError: options.onHandlerError });
    return { ...shared, pubSub: own.pubSub };
  },
};

describeLeaseManagerContract('memory', harness);
describeRateLimiterContract('memory', harness);
describeCacheContract('memory', harness);
describePubSubContract('memory', harness);
