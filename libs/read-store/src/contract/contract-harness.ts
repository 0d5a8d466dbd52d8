import type { Collection, ReadStore, StoredDocument } from '../read-store.port';

/** How an adapter's spec hands its store to the contract suite. */
export interface ReadStoreHarness {
  /** Called once in beforeAll. */
  open(): Promise<ReadStore>;
  /** Called once in afterAll: drops everything the run created and closes. */
  close(): Promise<void>;
  /** For set-ups that start a server (default: jest's testTimeout). */
  setupTimeoutMs?: number;
}

export interface ContractContext {
  store(): ReadStore;
  /** A collection no other test uses. */
  fresh<T extends StoredDocument = StoredDocument>(label: string): Collection<T>;
  freshName(label: string): string;
}

export function contractContext(harness: ReadStoreHarness): ContractContext {
  let store: ReadStore | null = null;
  let counter = 0;
  beforeAll(async () => {
    store = await harness.open();
  }, harness.setupTimeoutMs);
  afterAll(async () => {
    await harness.close();
  }, harness.setupTimeoutMs);
  const current = (): ReadStore => {
    if (!store) throw new Error('the read store harness has not opened a store');
    return store;
  };
  const freshName = (label: string): string => `${label}_${++counter}`;
  return {
    store: current,
    freshName,
    fresh: <T extends StoredDocument>(label: string) => current().collection<T>(freshName(label)),
  };
}

export interface PostDoc {
  _id: string;
  tenantId: string;
  status: 'draft' | 'scheduled' | 'published';
  title: string;
  scheduledAt: string | null;
  tags: string[];
  metrics: { likes: number; shares: number };
  channels: Array<{ platform: string; handle: string }>;
  priority?: number | string;
}

export function post(id: string, overrides: Partial<PostDoc> = {}): PostDoc {
  return {
    _id: id,
    tenantId: 't1',
    status: 'draft',
    title: `Post ${id}`,
    scheduledAt: null,
    tags: [],
    metrics: { likes: 0, shares: 0 },
    channels: [],
    ...overrides,
  };
}

export const ids = (docs: ReadonlyArray<{ _id: string }>): string[] => docs.map((d) => d._id);
export const sortedIds = (docs: ReadonlyArray<{ _id: string }>): string[] => ids(docs).sort();
