import { Inject } from '@nestjs/common';
import { Query, Resolver } from '@nestjs/graphql';
import { HeraldConfig } from '@herald/shared-kernel';
import { Public } from '../graphql/access.decorators';
import { EVENT_STORE_RESOURCES } from '../infrastructure/event-store.module';
import type { EventStoreResources } from '../infrastructure/event-store.factory';
import type { PackageInfo } from './package-info';
import { ServerInfo } from './server-info.model';

export const PACKAGE_INFO = Symbol('PackageInfo');
export const STARTED_AT = Symbol('StartedAt');

@Resolver(() => ServerInfo)
export class ServerInfoResolver {
  constructor(
    private readonly config: HeraldConfig,
    @Inject(EVENT_STORE_RESOURCES) private readonly eventStore: EventStoreResources,
    @Inject(PACKAGE_INFO) private readonly packageInfo: PackageInfo,
    @Inject(STARTED_AT) private readonly startedAt: Date,
  ) {}

  @Public()
  @Query(() => ServerInfo, { description: 'Name, version, mode and event store of this server.' })
  async serverInfo(): Promise<ServerInfo> {
    return {
      name: this.packageInfo.name,
      version: this.packageInfo.version,
      mode: this.config.mode,
      startedAt: this.startedAt,
      eventStore: {
        adapter: this.eventStore.adapter,
        headPosition: await this.eventStore.store.headPosition(),
      },
    };
  }
}
