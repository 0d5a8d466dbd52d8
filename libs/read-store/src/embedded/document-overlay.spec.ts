import {
  DocumentOverlay,
  EmbeddedReadStore,
  type AnyDocument,
  type CollectionWrite,
  type ReadStore,
} from '..';

const DOCS = 'docs';
const TAGS = 'tags';

/** A scripted mix of every write a projection makes, replays of earlier positions included. */
function script(): CollectionWrite[][] {
  const steps: CollectionWrite[][] = [];
  for (let position = 1; position <= 120; position++) {
    const id = `d${position % 9}`;
    const step: CollectionWrite[] = [
      {
        collection: DOCS,
        operation: {
          updateOne: {
            filter: { _id: id },
            update: {
              $inc: { hits: 1 },
              $set: { group: `g${position % 3}`, last: position },
              $push: { seen: position % 4 },
            },
            upsert: true,
            atPosition: position,
          },
        },
      },
    ];
    if (position % 4 === 0) {
      step.push({
        collection: TAGS,
        operation: {
          replaceOne: {
            filter: { _id: `t${position % 5}` },
            replacement: { group: `g${position % 3}`, at: position },
            upsert: true,
            atPosition: position,
          },
        },
      });
    }
    if (position % 10 === 0) {
      step.push({
        collection: TAGS,
        operation: {
          updateMany: { filter: { group: 'g1' }, update: { $inc: { bumps: 1 } }, atPosition: position },
        },
      });
    }
    if (position % 17 === 0) {
      step.push({
        collection: TAGS,
        operation: { deleteMany: { filter: { group: 'g2' }, atPosition: position } },
      });
    }
    if (position % 23 === 0) {
      step.push({
        collection: DOCS,
        operation: { deleteOne: { filter: { _id: 'd0' }, atPosition: position } },
      });
    }
    if (position % 30 === 0) {
      // A replay of an applied event: the guard leaves everything as it is.
      step.push({
        collection: DOCS,
        operation: {
          updateOne: {
            filter: { _id: id },
            update: { $inc: { hits: 100 } },
            upsert: true,
            atPosition: position - 1,
          },
        },
      });
    }
    steps.push(step);
  }
  return steps;
}

async function everything(store: ReadStore): Promise<Record<string, AnyDocument[]>> {
  return {
    docs: await store.collection(DOCS).find({}, { sort: { _id: 1 } }),
    tags: await store.collection(TAGS).find({}, { sort: { _id: 1 } }),
  };
}

async function prepare(store: ReadStore, seeded: boolean): Promise<void> {
  await store.collection(TAGS).createIndex({ fields: { group: 1 } });
  if (seeded) {
    await store.collection(DOCS).insertMany([
      { _id: 'd1', hits: 5, group: 'g0', seen: [] },
      { _id: 'd7', hits: 1, seen: [] },
    ]);
    await store.collection(TAGS).insertOne({ _id: 't2', group: 'g1', at: 0 });
  }
}

/** Counts what reaches the base store, and can pose as one without atomic batches. */
function observed(inner: ReadStore, atomicBatch = true): ReadStore & { finds: number } {
  const wrapper = {
    finds: 0,
    guarantees: { ...inner.guarantees, atomicBatch },
    collection: (name: string) => {
      const collection = inner.collection(name);
      return new Proxy(collection, {
        get(target, property, receiver) {
          if (property === 'find') wrapper.finds += 1;
          return Reflect.get(target, property, receiver) as unknown;
        },
      });
    },
    writeBatch: (writes: readonly CollectionWrite[]) => inner.writeBatch(writes),
    listCollections: () => inner.listCollections(),
    dropCollection: (name: string) => inner.dropCollection(name),
    renameCollection: (from: string, to: string, options?: { dropTarget?: boolean }) =>
      inner.renameCollection(from, to, options),
    close: () => inner.close(),
  };
  return wrapper as ReadStore & { finds: number };
}

describe(DocumentOverlay.name, () => {
  let direct: EmbeddedReadStore;
  let base: EmbeddedReadStore;

  beforeEach(() => {
    direct = EmbeddedReadStore.open({ filename: ':memory:' });
    base = EmbeddedReadStore.open({ filename: ':memory:' });
  });
  afterEach(async () => {
    await direct.close();
    await base.close();
  });

  it.each([
    ['an empty store, everything kept in memory', false, 100_000],
    ['a store holding documents, memory smaller than the collection', true, 3],
  ])(
    'leaves the same documents as writing each batch to the store, from %s',
    async (_case, seeded, cacheLimit) => {
      await prepare(direct, seeded);
      await prepare(base, seeded);
      const sut = await DocumentOverlay.open(base, [DOCS, TAGS], { cacheLimit });
      let step = 0;
      for (const writes of script()) {
        await direct.writeBatch(writes);
        await sut.apply(writes);
        if (++step % 25 === 0) {
          await base.writeBatch(sut.flushWrites());
          sut.flushed();
        }
      }
      await base.writeBatch(sut.flushWrites());
      sut.flushed();

      expect(await everything(base)).toEqual(await everything(direct));
    },
  );

  it('reads what was written before, as copies, with the store query semantics', async () => {
    await prepare(base, true);
    await prepare(direct, true);
    const sut = await DocumentOverlay.open(base, [DOCS, TAGS], { cacheLimit: 2 });
    for (const writes of script().slice(0, 60)) {
      await sut.apply(writes);
      await direct.writeBatch(writes);
    }

    const read = await sut.get(DOCS, 'd3');
    expect(read).toEqual(await direct.collection(DOCS).findOne({ _id: 'd3' }));
    if (read !== null) read.hits = -1;
    expect(await sut.get(DOCS, 'd3')).toEqual(await direct.collection(DOCS).findOne({ _id: 'd3' }));
    expect(await sut.get(DOCS, 'missing')).toBeNull();
    const query = [
      { group: { $in: ['g1', 'g0'] } },
      { sort: { last: -1 as const }, limit: 3, projection: { hits: 1, last: 1 } },
    ] as const;
    expect(await sut.find(DOCS, ...query)).toEqual(await direct.collection(DOCS).find(...query));
    expect(await sut.find(TAGS, { group: 'g1' }, { sort: { _id: 1 } })).toEqual(
      await direct.collection(TAGS).find({ group: 'g1' }, { sort: { _id: 1 } }),
    );
  });

  it('does not ask the store anything while it holds the whole collection', async () => {
    const store = observed(base);
    const sut = await DocumentOverlay.open(store, [DOCS, TAGS]);
    for (const writes of script()) {
      await sut.apply(writes);
      await sut.get(DOCS, 'd1');
      await sut.find(TAGS, { group: 'g0' });
    }

    expect(store.finds).toBe(0);
  });

  it('flushes in the order of the last writes on a store without atomic batches', async () => {
    const sut = await DocumentOverlay.open(observed(base, false), [DOCS, TAGS]);
    await sut.apply([
      {
        collection: TAGS,
        operation: {
          replaceOne: { filter: { _id: 'late' }, replacement: { group: 'g1' }, upsert: true, atPosition: 9 },
        },
      },
    ]);
    await sut.apply([
      {
        collection: DOCS,
        operation: { replaceOne: { filter: { _id: 'early' }, replacement: {}, upsert: true, atPosition: 3 } },
      },
    ]);
    await sut.apply([
      {
        collection: DOCS,
        operation: {
          replaceOne: { filter: { _id: 'middle' }, replacement: {}, upsert: true, atPosition: 5 },
        },
      },
    ]);

    const ids = sut
      .flushWrites()
      .map(({ operation }) => ('insertOne' in operation ? operation.insertOne.document._id : null));
    expect(ids).toEqual(['early', 'middle', 'late']);
  });
});
