import {
  Inject,
  Injectable,
  Logger,
  Module,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type InjectionToken,
  type ModuleMetadata,
  type OnApplicationBootstrap,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { CommandBus, CqrsModule } from '@nestjs/cqrs';
import { PostsModule } from '@herald/posts';
import { PublisherSaga, type PublisherSagaDependencies } from './publisher.saga';

export type PublisherSagaModuleDependencies = Omit<PublisherSagaDependencies, 'commands'>;

export interface PublisherSagaModuleOptions {
  readonly imports?: ModuleMetadata['imports'];
  readonly inject?: (InjectionToken | OptionalFactoryDependency)[];
  /** Resolves the saga's ports from the host's providers (event store, read store, bus, coordination, platforms). */
  readonly useFactory: (
    ...args: never[]
  ) => PublisherSagaModuleDependencies | Promise<PublisherSagaModuleDependencies>;
}

const PUBLISHER_SAGA_DEPENDENCIES = Symbol('PublisherSagaDependencies');

@Injectable()
export class PublisherSagaLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(@Inject(PublisherSaga) private readonly saga: PublisherSaga) {}

  onApplicationBootstrap(): Promise<void> {
    return this.saga.start();
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.saga.stop();
  }
}

/**
 * Runs the publisher saga in a Nest process (the worker, or the embedded single process):
 *
 *   PublisherSagaModule.forRootAsync({
 *     inject: [EVENT_STORE, READ_STORE, MESSAGE_BUS, LEASE_MANAGER, RATE_LIMITER, PLATFORM_REGISTRY],
 *     useFactory: (eventStore, readStore, bus, leases, rateLimiter, connectors) =>
 *       ({ eventStore, readStore, bus, leases, rateLimiter, connectors }),
 *   })
 *
 * Needs `CommandsModule.forRoot(...)` (global) in the host: the saga issues the posts commands
 * through the CommandBus, whose handlers PostsModule registers. Starts at application bootstrap,
 * stops before shutdown (running attempts finish and record their outcome).
 */
@Module({})
export class PublisherSagaModule {
  static forRootAsync(options: PublisherSagaModuleOptions): DynamicModule {
    return {
      module: PublisherSagaModule,
      imports: [CqrsModule, PostsModule, ...(options.imports ?? [])],
      providers: [
        {
          provide: PUBLISHER_SAGA_DEPENDENCIES,
          // Nest calls factories with the injected values in `inject` order.
          useFactory: options.useFactory as (...args: unknown[]) => Promise<PublisherSagaModuleDependencies>,
          inject: options.inject ?? [],
        },
        {
          provide: PublisherSaga,
          useFactory: (dependencies: PublisherSagaModuleDependencies, commands: CommandBus) =>
            new PublisherSaga({ logger: new Logger('PublisherSaga'), ...dependencies, commands }),
          inject: [PUBLISHER_SAGA_DEPENDENCIES, CommandBus],
        },
        PublisherSagaLifecycle,
      ],
      exports: [PublisherSaga],
    };
  }
}
