import { createServer } from 'node:net';
import { describeReadStoreContract } from '../contract/read-store.contract';
import { MongoReadStore } from './mongo-read-store';
import { chooseMongoTarget, startMongo, type RunningMongo } from './testing/mongo-test-server';

const target = chooseMongoTarget();

if (target.kind === 'none') {
  console.warn(
    `\n*** MongoDB read-store contract NOT RUN: ${target.reason}.\n` +
      '*** Set MONGODB_URL=mongodb://host:port/ (MongoDB or FerretDB) or run scripts/servers/ferretdb.sh install.\n',
  );
  describe('ReadStore contract: MongoDB', () => {
    it.skip('needs MONGODB_URL, an installed FerretDB or a Docker engine', () => undefined);
  });
} else {
  let server: RunningMongo | null = null;
  let store: MongoReadStore | null = null;
  // A throwaway database per run, dropped afterwards; parallel runs never share one.
  const database = `herald_rs_${process.pid}_${Date.now().toString(36)}`;

  describeReadStoreContract(`MongoDB wire protocol (${target.kind})`, {
    setupTimeoutMs: 180_000,
    open: async () => {
      server = await startMongo(target);
      store = await MongoReadStore.connect({ url: server.url, database });
      return store;
    },
    close: async () => {
      try {
        await store?.dropDatabase();
        await store?.close();
      } finally {
        await server?.stop();
      }
    },
  });
}

describe(MongoReadStore.name, () => {
  it('reports an unreachable server as READ_STORE.UNAVAILABLE', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 1));
      });
    });
    await expect(
      MongoReadStore.connect({
        url: `mongodb://127.0.0.1:${port}/`,
        database: 'unreachable',
        serverSelectionTimeoutMs: 300,
      }),
    ).rejects.toMatchObject({ code: 'READ_STORE.UNAVAILABLE' });
  });

  it('rejects an invalid database name before connecting', async () => {
    await expect(
      MongoReadStore.connect({ url: 'mongodb://127.0.0.1:1/', database: 'bad.name' }),
    ).rejects.toMatchObject({
      code: 'READ_STORE.INVALID_NAME',
    });
  });
});
