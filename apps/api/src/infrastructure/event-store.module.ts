import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EVENT_STORE, KEY_VAULT } from '@herald/event-store';
import { HeraldConfig } from '@herald/shared-kernel';
import { openEventStore, type EventStoreResources } from './event-store.factory';

export const EVENT_STORE_RESOURCES = Symbol('EventStoreResources');

/**
 * Closes the store after the HTTP server has stopped taking requests (Nest runs shutdown
 * hooks after disposing of the server), so in-flight appends finish before the file closes.
 */
@Injectable()
export class EventStoreLifecycle implements OnApplicationShutdown {
  private readonly logger = new Logger('EventStore');

  constructor(@Inject(EVENT_STORE_RESOURCES) private readonly resources: EventStoreResources) {}

  async onApplicationShutdown(signal?: string): Promise<void> {
    await this.resources.close();
    this.logger.log(`event store (${this.resources.adapter}) closed${signal ? ` on ${signal}` : ''}`);
  }
}

/** Provides `EVENT_STORE` and `KEY_VAULT`, chosen by configuration (EVENT_STORE, HERALD_MODE). */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE_RESOURCES,
      inject: [HeraldConfig],
      useFactory: async (config: HeraldConfig): Promise<EventStoreResources> => {
        const logger = new Logger('EventStore');
        const resources = await openEventStore(config, logger);
        logger.log(`event store ${resources.adapter} opened`);
        return resources;
      },
    },
    {
      provide: EVENT_STORE,
      inject: [EVENT_STORE_RESOURCES],
      useFactory: (resources: EventStoreResources) => resources.store,
    },
    {
      provide: KEY_VAULT,
      inject: [EVENT_STORE_RESOURCES],
      useFactory: (resources: EventStoreResources) => resources.keyVault,
    },
    EventStoreLifecycle,
  ],
  exports: [EVENT_STORE, KEY_VAULT, EVENT_STORE_RESOURCES],
})
export class EventStoreModule {}
