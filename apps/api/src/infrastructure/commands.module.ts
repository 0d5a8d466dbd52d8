import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import {
  CommandsModule,
  IDEMPOTENCY_STORE,
  SqliteIdempotencyStore,
  type IdempotencyStore,
} from '@herald/commands';
import { HeraldConfig } from '@herald/shared-kernel';
import { IDEMPOTENCY_FILE } from './data-files';

@Injectable()
class IdempotencyStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(IDEMPOTENCY_STORE) private readonly store: IdempotencyStore & { close(): Promise<void> },
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/**
 * Idempotency keys in HERALD_DATA_DIR (SQLite, the one adapter so far). Production replicas
 * share the data volume already (the key vault lives there); a networked store replaces it
 * when replicas spread over hosts.
 */
@Module({
  providers: [
    {
      provide: IDEMPOTENCY_STORE,
      inject: [HeraldConfig],
      useFactory: (config: HeraldConfig): SqliteIdempotencyStore => {
        mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
        return SqliteIdempotencyStore.open({ path: path.join(config.dataDir, IDEMPOTENCY_FILE) });
      },
    },
    IdempotencyStoreLifecycle,
  ],
  exports: [IDEMPOTENCY_STORE],
})
class IdempotencyModule {}

/** The command pipeline on the process's event store, clock, ids and idempotency store. */
export const heraldCommandsModule = () =>
  CommandsModule.forRootWithAdapters({ imports: [IdempotencyModule] });
