import { describeCacheContract } from '../contract/cache.contract';
import { describeLeaseManagerContract } from '../contract/lease-manager.contract';
import { describePubSubContract } from '../contract/pub-sub.contract';
import { describeRateLimiterContract } from '../contract/rate-limiter.contract';
import { useRedisForSpec } from '../testing/redis-spec-setup';
import { chooseRedisTarget } from '../testing/redis-test-server';

const target = chooseRedisTarget();

if (target.kind === 'none') {
  console.warn(
    `\n*** Redis coordination contracts NOT RUN: ${target.reason}.\n` +
      '*** Set REDIS_URL=redis://host:port or run scripts/servers/redis.sh install.\n',
  );
  describe('Coordination contracts: Redis', () => {
    it.skip('needs REDIS_URL, an installed redis-server or a Docker engine', () => undefined);
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
