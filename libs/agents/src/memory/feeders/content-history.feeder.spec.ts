import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type NewEvent, SqliteEventStore } from '@herald/event-store';
import { uuidV7Generator } from '@herald/shared-kernel';
import { HashingEmbedder } from '../../embeddings/hashing-embedder';
import { InMemoryVectorMemory } from '../in-memory/in-memory-vector-memory';
import { ContentHistoryFeeder } from './content-history.feeder';

const ORG = 'org-1';
const POST = 'post-0001';
const metadata = {
  tenantId: ORG,
  actor: { kind: 'system' as const, id: 'publisher' },
  correlationId: 'c',
  causationId: null,
  subjectIds: [],
};
const event = (type: string, data: Record<string, unknown>): NewEvent => ({
  id: uuidV7Generator.next(),
  type,
  schemaVersion: 1,
  data,
  metadata,
});
const content = (text: string, hashtags: string[]) => ({
  text,
  title: null,
  media: [],
  hashtags,
  mentions: [],
  links: [],
});
const metrics = (impressions: number, likes: number) => ({
  impressions,
  reach: impressions,
  likes,
  comments: 1,
  shares: 0,
  saves: 0,
  clicks: 0,
});

describe(ContentHistoryFeeder.name, () => {
  let dir: string;
  let store: SqliteEventStore;
  let memory: InMemoryVectorMemory;
  let sut: ContentHistoryFeeder;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-feeder-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    memory = new InMemoryVectorMemory(new HashingEmbedder(256));
    sut = new ContentHistoryFeeder({ store, memory });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const append = async (...events: NewEvent[]) => {
    const head = await store.readStream(`post-${POST}`);
    await store.append(`post-${POST}`, events, {
      expectedRevision: head.length === 0 ? 'no_stream' : head[head.length - 1].revision,
    });
    return (await store.readStream(`post-${POST}`)).slice(-events.length);
  };

  it('remembers what was published, with its hashtags, platforms and latest measured engagement, once per post', async () => {
    await append(
      event('post.drafted', {
        postId: POST,
        organizationId: ORG,
        authorId: 'u',
        content: content('Draft text', ['x']),
        variants: {},
        duplicatedFrom: null,
        draftedAt: '2026-03-01T00:00:00Z',
      }),
      event('post.edited', {
        content: content('Picnic season is here', ['#picnic', 'spring']),
        variants: {},
        editedBy: 'u',
        editedAt: '2026-03-01T01:00:00Z',
      }),
    );
    const [published] = await append(
      event('post.publishSucceeded', {
        accountId: 'a1',
        platform: 'x',
        occurrence: 0,
        attemptId: 't1',
        attemptNumber: 1,
        platformPostId: 'p1',
        url: null,
        publishedAt: '2026-03-02T09:00:00.000Z',
      }),
    );
    expect(await sut.handle(published)).toBe(true);
    const [first] = await append(
      event('post.metricsRecorded', {
        accountId: 'a1',
        platformPostId: 'p1',
        metrics: metrics(1000, 39),
        measuredAt: '2026-03-03T00:00:00Z',
      }),
    );
    const [second] = await append(
      event('post.metricsRecorded', {
        accountId: 'a1',
        platformPostId: 'p1',
        metrics: metrics(2000, 99),
        measuredAt: '2026-03-04T00:00:00Z',
      }),
    );
    await sut.handle(first);
    await sut.handle(second);
    await sut.handle(second);

    expect(await memory.recent(ORG, 'content_history', 10)).toEqual([
      expect.objectContaining({
        id: POST,
        text: 'Picnic season is here',
        recordedAt: '2026-03-02T09:00:00.000Z',
        attributes: { hashtags: 'picnic spring', platforms: 'x', impressions: 2000, engagementRate: 0.05 },
      }),
    ]);
  });

  it('ignores drafts and other events, and forgets a deleted post', async () => {
    const [drafted] = await append(
      event('post.drafted', {
        postId: POST,
        organizationId: ORG,
        authorId: 'u',
        content: content('Hello', []),
        variants: {},
        duplicatedFrom: null,
        draftedAt: '2026-03-01T00:00:00Z',
      }),
    );
    expect(await sut.handle(drafted)).toBe(false);
    const [published] = await append(
      event('post.publishSucceeded', {
        accountId: 'a1',
        platform: 'linkedin',
        occurrence: 0,
        attemptId: 't1',
        attemptNumber: 1,
        platformPostId: 'p1',
        url: null,
        publishedAt: '2026-03-02T09:00:00.000Z',
      }),
    );
    await sut.handle(published);
    expect(await memory.recent(ORG, 'content_history', 10)).toHaveLength(1);
    const [deleted] = await append(
      event('post.deleted', { deletedBy: 'u', deletedAt: '2026-03-05T00:00:00Z' }),
    );
    expect(await sut.handle(deleted)).toBe(true);
    expect(await memory.recent(ORG, 'content_history', 10)).toEqual([]);
  });
});
