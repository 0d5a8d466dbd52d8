import { isTargeted, StartPublishAttemptCommand } from '@herald/posts';
import { InProcessMessageBus } from '@herald/messaging';
import { EmbeddedReadStore } from '@herald/read-store';
import { PublisherSaga } from './publisher.saga';
import { OUTCOME_UNKNOWN_REASON } from './target-reconciler';
import { ORG_ID, PublisherHarness, X_USER_ID } from './test/publisher-harness';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

describe(`${PublisherSaga.name} recovery`, () => {
  let h: PublisherHarness;

  beforeEach(async () => {
    h = await PublisherHarness.start();
  });
  afterEach(async () => {
    await h.close();
  });

  /** What a replica that died right after recording its attempt leaves behind. */
  async function crashedAttempt(
    text: string,
  ): Promise<{ postId: string; accountId: string; attemptId: string }> {
    const accountId = await h.connectX();
    const postId = await h.schedulePost({
      at: new Date(h.clock.now().getTime() + MINUTE),
      targets: [{ accountId, platform: 'x' }],
      text,
    });
    h.fixedClock.advance(MINUTE);
    const { state } = await h.post(postId);
    if (!isTargeted(state)) throw new Error('the post should be scheduled');
    const ticket = await h.commands.execute(
      new StartPublishAttemptCommand(postId, accountId, state.schedule.occurrence, null, {
        tenantId: ORG_ID,
        actor: { kind: 'system', id: 'publisher' },
        correlationId: 'crashed-replica',
        causationId: null,
      }),
    );
    return { postId, accountId, attemptId: ticket.attemptId };
  }

  it('after a crash mid-attempt, finds the post on the platform and records it without posting again', async () => {
    const text = 'Spring collection is live';
    const { postId, attemptId } = await crashedAttempt(text);
    h.platform.on('POST', '/2/tweets', { status: 201, json: { data: { id: 'never', text } } });
    h.platform.on('GET', '/2/users/:id/tweets', {
      json: {
        data: [
          {
            id: '1800000000000000001',
            text,
            created_at: new Date(h.clock.now().getTime() + 500).toISOString(),
          },
        ],
      },
    });

    const sut = await h.saga();
    await h.untilTimerCurrent(sut, postId);
    expect((await sut.dueTimer(postId))?.payload.entries).toEqual([
      expect.objectContaining({ kind: 'reconcile', attemptId }),
    ]);
    expect(await sut.runDue()).toBe(0);
    h.fixedClock.advance(MINUTE);
    await sut.runDue();

    expect(await h.eventsOf(postId, 'post.publishSucceeded')).toEqual([
      expect.objectContaining({
        attemptId,
        platformPostId: '1800000000000000001',
        url: 'https://x.com/i/web/status/1800000000000000001',
      }),
    ]);
    expect(h.platform.requestsTo('POST', '/2/tweets')).toHaveLength(0);
    expect(h.platform.requestsTo('GET', `/2/users/${X_USER_ID}/tweets`)[0].headers.authorization).toBe(
      'Bearer x-access-token',
    );
  });

  it('after a crash mid-attempt, retries once when the platform has no such post', async () => {
    const text = 'Summer sale starts now';
    const { postId, attemptId } = await crashedAttempt(text);
    h.platform.on('GET', '/2/users/:id/tweets', { json: { meta: { result_count: 0 } } });
    h.platform.on('POST', '/2/tweets', { status: 201, json: { data: { id: '1800000000000000002', text } } });

    const sut = await h.saga();
    await h.untilTimerCurrent(sut, postId);
    h.fixedClock.advance(MINUTE);
    await sut.runDue();
    expect(await h.eventsOf(postId, 'post.publishAttemptFailed')).toEqual([
      expect.objectContaining({ attemptId, errorClass: 'transient' }),
    ]);
    expect(h.platform.requestsTo('POST', '/2/tweets')).toHaveLength(0);

    await h.untilTimerCurrent(sut, postId);
    h.fixedClock.advance(MINUTE);
    await sut.runDue();
    expect(h.platform.requestsTo('POST', '/2/tweets')).toHaveLength(1);
    expect(h.platform.requestsTo('POST', '/2/tweets')[0].json()).toEqual({ text });
    expect(await h.eventsOf(postId, 'post.publishSucceeded')).toEqual([
      expect.objectContaining({ platformPostId: '1800000000000000002' }),
    ]);
  });

  it('reconciles a 5xx to a create call before retrying it', async () => {
    const text = 'Gateway trouble';
    h.platform.on(
      'POST',
      '/2/tweets',
      { status: 504, body: 'gateway timeout' },
      { status: 201, json: { data: { id: '1800000000000000003', text } } },
    );
    h.platform.on('GET', '/2/users/:id/tweets', { json: { meta: { result_count: 0 } } });
    const sut = await h.saga();
    const accountId = await h.connectX();
    const postId = await h.schedulePost({
      at: new Date(h.clock.now().getTime() + MINUTE),
      targets: [{ accountId, platform: 'x' }],
      text,
    });
    await h.untilTimerCurrent(sut, postId);
    h.fixedClock.advance(MINUTE);
    await sut.runDue();
    // Nothing is concluded from the 504: the attempt stays open for reconciliation.
    expect(await h.eventsOf(postId, 'post.publishAttemptFailed')).toEqual([]);
    await h.untilTimerCurrent(sut, postId);
    expect((await sut.dueTimer(postId))?.payload.entries).toEqual([
      expect.objectContaining({ kind: 'reconcile' }),
    ]);

    h.fixedClock.advance(MINUTE);
    await sut.runDue();
    expect(h.platform.requestsTo('GET', `/2/users/${X_USER_ID}/tweets`)).toHaveLength(1);
    await h.untilTimerCurrent(sut, postId);
    h.fixedClock.advance(MINUTE);
    await sut.runDue();
    expect(h.platform.requestsTo('POST', '/2/tweets')).toHaveLength(2);
    expect(await h.eventsOf(postId, 'post.publishSucceeded')).toHaveLength(1);
  });

  it('never retries blindly where the platform cannot be asked: a lost answer fails for a person to check', async () => {
    h.platform.on('POST', '/hook', { drop: true });
    const sut = await h.saga();
    const accountId = await h.connectWebhook();
    const postId = await h.schedulePost({
      at: new Date(h.clock.now().getTime() + MINUTE),
      targets: [{ accountId, platform: 'webhook' }],
    });
    await h.untilTimerCurrent(sut, postId);
    h.fixedClock.advance(MINUTE);
    await sut.runDue();
    await h.untilTimerCurrent(sut, postId);
    h.fixedClock.advance(MINUTE);
    await sut.runDue();

    const [final] = await h.eventsOf(postId, 'post.publishFailedFinally');
    expect(final.reason.startsWith(`${OUTCOME_UNKNOWN_REASON}:`)).toBe(true);
    await h.untilTimerCurrent(sut, postId);
    h.fixedClock.advance(60 * MINUTE);
    await sut.runDue();
    expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);
  });

  it('resumes its timers from the durable table after a restart, with no events redelivered', async () => {
    h.platform.on('POST', '/hook', { status: 200, body: 'ok' });
    const before = await h.saga();
    const accountId = await h.connectWebhook();
    const postId = await h.schedulePost({
      at: new Date(h.clock.now().getTime() + 10 * MINUTE),
      targets: [{ accountId, platform: 'webhook' }],
    });
    await h.untilTimerCurrent(before, postId);
    await before.stop();

    const silentBus = new InProcessMessageBus();
    try {
      const after = await h.saga({ bus: silentBus, readStore: h.reopenReadStore() });
      h.fixedClock.advance(10 * MINUTE);
      await after.runDue();
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);
      expect(await h.eventsOf(postId, 'post.publishSucceeded')).toHaveLength(1);
    } finally {
      await silentBus.close();
    }
  });

  it('rebuilds lost timers from the event store', async () => {
    h.platform.on('POST', '/hook', { status: 200, body: 'ok' });
    const accountId = await h.connectWebhook();
    const postId = await h.schedulePost({
      at: new Date(h.clock.now().getTime() + MINUTE),
      targets: [{ accountId, platform: 'webhook' }],
    });
    const silentBus = new InProcessMessageBus();
    const emptyReadStore = EmbeddedReadStore.open({ filename: ':memory:' });
    try {
      const sut = await h.saga({ bus: silentBus, readStore: emptyReadStore });
      expect((await sut.dueTimer(postId))?.dueAt).toEqual(new Date(h.clock.now().getTime() + MINUTE));
      h.fixedClock.advance(MINUTE);
      await sut.runDue();
      expect(await h.eventsOf(postId, 'post.publishSucceeded')).toHaveLength(1);
      await sut.stop();
    } finally {
      await silentBus.close();
      await emptyReadStore.close();
    }
  });

  it('publishes a recurring post once after downtime, then continues with the next future occurrence', async () => {
    h.platform.on('POST', '/hook', { status: 200, body: 'ok' });
    const sut = await h.saga();
    const accountId = await h.connectWebhook();
    const first = new Date(h.clock.now().getTime() + MINUTE);
    const postId = await h.schedulePost({
      at: first,
      targets: [{ accountId, platform: 'webhook' }],
      recurrence: { frequency: 'daily', interval: 1, byWeekday: null, until: null, count: null },
    });
    await h.untilTimerCurrent(sut, postId);

    h.fixedClock.advance(3 * DAY + MINUTE);
    await sut.runDue();
    await h.untilTimerCurrent(sut, postId);
    await sut.runDue();
    expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);
    const [next] = await h.eventsOf(postId, 'post.nextOccurrenceScheduled');
    expect(next.at).toBe(new Date(first.getTime() + 4 * DAY).toISOString());
    expect((await sut.dueTimer(postId))?.dueAt).toEqual(new Date(next.at));

    h.fixedClock.set(new Date(next.at));
    await sut.runDue();
    expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(2);
    expect((await h.eventsOf(postId, 'post.publishSucceeded')).map((s) => s.occurrence)).toEqual([0, 1]);
  });
});
