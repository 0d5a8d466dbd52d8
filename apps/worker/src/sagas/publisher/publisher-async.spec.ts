import type { SocialPlatform } from '@herald/accounts';
import {
  type AccountCredentials,
  type AccountMetrics,
  type PostMetricsReading,
  type Profile,
  type RecentPostsLookup,
  type PlatformConnector,
  type PublishRequest,
  type PublishResult,
  type PublishStatusQuery,
} from '@herald/platforms';
import { PublisherSaga } from './publisher.saga';
import { PublisherHarness } from './test/publisher-harness';

const MINUTE = 60_000;

/**
 * A platform that publishes through a container, like Instagram's: create it, poll its status
 * until FINISHED, then it is a post. Talks HTTP to the fake platform server.
 */
class ContainerConnector implements PlatformConnector {
  readonly platform = 'webhook' as const;
  readonly oauth = null;
  readonly capabilities = {
    asyncPublish: true,
    postMetrics: false,
    accountMetrics: false,
    reconciliation: false,
  };

  constructor(private readonly baseUrl: string) {}

  async publish(_credentials: AccountCredentials, request: PublishRequest): Promise<PublishResult> {
    const response = await fetch(`${this.baseUrl}/containers`, { method: 'POST', body: request.post.text });
    const { id } = (await response.json()) as { id: string };
    return { status: 'processing', handle: id, checkAfterMs: 5 };
  }

  async publishStatus(_credentials: AccountCredentials, query: PublishStatusQuery): Promise<PublishResult> {
    const response = await fetch(`${this.baseUrl}/containers/${query.handle}`);
    const body = (await response.json()) as { status: string; postId?: string };
    if (body.status !== 'FINISHED') return { status: 'processing', handle: query.handle, checkAfterMs: 5 };
    return { status: 'published', platformPostId: body.postId ?? '', url: null };
  }

  validate(): void {}

  profile(): Promise<Profile> {
    return Promise.reject(new Error('not used'));
  }

  postMetrics(): Promise<PostMetricsReading> {
    return Promise.reject(new Error('not used'));
  }

  accountMetrics(): Promise<AccountMetrics> {
    return Promise.reject(new Error('not used'));
  }

  async recentPosts(): Promise<RecentPostsLookup> {
    return { supported: false, reason: 'containers cannot be listed here' };
  }
}

describe(`${PublisherSaga.name} asynchronous platforms`, () => {
  let h: PublisherHarness;

  beforeEach(async () => {
    h = await PublisherHarness.start();
  });
  afterEach(async () => {
    await h.close();
  });

  it('polls a processing publish until it is final, then records it', async () => {
    h.platform.on('POST', '/containers', { json: { id: 'c-1' } });
    h.platform.on(
      'GET',
      '/containers/:id',
      { json: { status: 'IN_PROGRESS' } },
      { json: { status: 'IN_PROGRESS' } },
      { json: { status: 'FINISHED', postId: 'media-77' } },
    );
    const sut = await h.saga({
      connectors: new Map<SocialPlatform, PlatformConnector>([
        ['webhook', new ContainerConnector(h.platform.url)],
      ]),
      options: { pollIntervalMs: { min: 1, max: 20 } },
    });
    const accountId = await h.connectWebhook();
    const postId = await h.schedulePost({
      at: new Date(h.clock.now().getTime() + MINUTE),
      targets: [{ accountId, platform: 'webhook' }],
    });
    await h.untilTimerCurrent(sut, postId);
    h.fixedClock.advance(MINUTE);
    await sut.runDue();

    expect(h.platform.requestsTo('POST', '/containers')).toHaveLength(1);
    expect(h.platform.requestsTo('GET', '/containers/c-1')).toHaveLength(3);
    expect(await h.eventsOf(postId, 'post.publishSucceeded')).toEqual([
      expect.objectContaining({ platformPostId: 'media-77' }),
    ]);
  });
});
