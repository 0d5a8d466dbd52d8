import type { DynamicModule } from '@nestjs/common';
import { CoordinationModule } from '@herald/coordination';
import { HeraldError, type HeraldConfig } from '@herald/shared-kernel';

/**
 * Leases, rate limits, cache and pub/sub for the whole process (global): in memory for one
 * embedded process, Redis (CACHE=redis, production's default) when replicas must agree.
 * `keyPrefix` separates deployments sharing one Redis.
 */
export function heraldCoordinationModule(
  config: Pick<HeraldConfig, 'cache' | 'redisUrl'>,
  options: { readonly keyPrefix?: string; readonly connectionName?: string } = {},
): DynamicModule {
  switch (config.cache) {
    case 'memory':
      return CoordinationModule.forRoot({ mode: 'memory' });
    case 'redis':
      if (config.redisUrl === undefined) {
        throw new HeraldError('CONFIG.INVALID', 'REDIS_URL is required when CACHE=redis', {
          variables: ['REDIS_URL'],
        });
      }
      return CoordinationModule.forRoot({ mode: 'redis', url: config.redisUrl, ...options });
  }
}
