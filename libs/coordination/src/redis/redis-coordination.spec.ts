import { describeCacheContract } from '../contract/cache.contract';
import { describeLeaseManagerContract } from '../contract/lease-manager.contract';
import { describePubSubContract } from '../contract/pub-sub.contract';
import { describeRateLimiterContract } from '../contract/rate-limiter.contract';
import { useRedisForSpec } from '../testing/redis-spec-setup';
import { chooseRedisTarget } from '../testing/redis-test-server';
import { warnNotRun } from '../testing/warn-not-run';

const target = chooseRedisTarget();

if (target.kind === 'none') {
  warnNotRun('Redis coordination contracts', target.reason);
  describe('Coordination contracts: Redis', () => {
    it.skip('NOT RUN: needs REDIS_URL, an installed redis-server or a Docker engine', () => undefined);
  });
} else {
  describe(`Coordination contracts: Redis (${target.kind})`, () => {
    const { harness } = useRedisForSpec(target);
    describeLeaseManagerContract('Redis', harness);
    describeRateLimiterContract('Redis', harness);
    describeCacheContract('Redis', harness);
    describePubSubContract('Redis', harness);
  });
}
