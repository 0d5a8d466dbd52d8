import { Inject, Injectable, Module, type DynamicModule, type OnApplicationShutdown } from '@nestjs/common';
import { connectRedisCoordination, createMemoryCoordination, type Coordination } from './coordination';
import { CACHE, COORDINATION, LEASE_MANAGER, PUB_SUB, RATE_LIMITER } from './coordination.tokens';

export type CoordinationModuleOptions =
  | { mode: 'memory' }
  | {
      mode: 'redis';
      url: string;
      keyPrefix?: string;
      connectionName?: string;
      maxRetriesPerRequest?: number;
    };

@Injectable()
class CoordinationCloser implements OnApplicationShutdown {
  constructor(@Inject(COORDINATION) private readonly coordination: Coordination) {}

  async onApplicationShutdown(): Promise<void> {
    await this.coordination.close();
  }
}

/**
 * Provides the four ports by token (LEASE_MANAGER, RATE_LIMITER, CACHE, PUB_SUB). Memory for the
 * embedded mode (one process), Redis when replicas must agree. Global: the ports are process-wide
 * singletons, and two instances would mean two sets of connections.
 */
@Module({})
export class CoordinationModule {
  static forRoot(options: CoordinationModuleOptions): DynamicModule {
    return {
      module: CoordinationModule,
      global: true,
      providers: [
        {
          provide: COORDINATION,
          useFactory: (): Promise<Coordination> | Coordination =>
            options.mode === 'redis'
              ? connectRedisCoordination({
                  url: options.url,
                  keyPrefix: options.keyPrefix,
                  connectionName: options.connectionName,
                  maxRetriesPerRequest: options.maxRetriesPerRequest,
                })
              : createMemoryCoordination(),
        },
        { provide: LEASE_MANAGER, useFactory: (c: Coordination) => c.leases, inject: [COORDINATION] },
        { provide: RATE_LIMITER, useFactory: (c: Coordination) => c.rateLimiter, inject: [COORDINATION] },
        { provide: CACHE, useFactory: (c: Coordination) => c.cache, inject: [COORDINATION] },
        { provide: PUB_SUB, useFactory: (c: Coordination) => c.pubSub, inject: [COORDINATION] },
        CoordinationCloser,
      ],
      exports: [COORDINATION, LEASE_MANAGER, RATE_LIMITER, CACHE, PUB_SUB],
    };
  }
}
