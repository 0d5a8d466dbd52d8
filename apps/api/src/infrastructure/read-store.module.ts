import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { Global, Inject, Injectable, Logger, Module, type OnApplicationShutdown } from '@nestjs/common';
import { EmbeddedReadStore, MongoReadStore, type ReadStore } from '@herald/read-store';
import { HeraldError, HeraldConfig } from '@herald/shared-kernel';
import { READ_STORE_FILE } from './data-files';

/** The process's read store (read models, sessions): embedded SQLite file or MongoDB, by READ_STORE. */
export const READ_STORE = Symbol('ReadStore');

export async function openReadStore(config: HeraldConfig): Promise<ReadStore> {
  switch (config.readStore) {
    case 'embedded':
      mkdirSync(config.dataDir, { recursive: true, mode: 0o700 });
      return EmbeddedReadStore.open({ filename: path.join(config.dataDir, READ_STORE_FILE) });
    case 'mongodb': {
      if (config.mongodbUrl === undefined) {
        throw new HeraldError('CONFIG.INVALID', 'MONGODB_URL is required when READ_STORE=mongodb', {
          variables: ['MONGODB_URL'],
        });
      }
      return MongoReadStore.connect({ url: config.mongodbUrl, database: mongoDatabase(config.mongodbUrl) });
    }
  }
}

/** The database named in the URL's path (`mongodb://a:1,b:2/herald?…`), `herald` when none. */
export function mongoDatabase(url: string): string {
  const name = /^mongodb(?:\+srv)?:\/\/[^/]+\/([^?]*)/.exec(url)?.[1] ?? '';
  return name === '' ? 'herald' : decodeURIComponent(name);
}

/** Closes after the HTTP server stopped taking requests (Nest runs shutdown hooks after that). */
@Injectable()
export class ReadStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(READ_STORE) private readonly readStore: ReadStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.readStore.close();
  }
}

@Global()
@Module({
  providers: [
    {
      provide: READ_STORE,
      inject: [HeraldConfig],
      useFactory: async (config: HeraldConfig): Promise<ReadStore> => {
        const readStore = await openReadStore(config);
        new Logger('ReadStore').log(`read store ${config.readStore} opened`);
        return readStore;
      },
    },
    ReadStoreLifecycle,
  ],
  exports: [READ_STORE],
})
export class ReadStoreModule {}
