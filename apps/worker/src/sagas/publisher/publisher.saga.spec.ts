import { systemClock } from '@herald/shared-kernel';
import { PublisherSaga } from './publisher.saga';
import { PublisherHarness, until } from './test/publisher-harness';

const MINUTE = 60_000;

describe(PublisherSaga.name, () => {
  let h: PublisherHarness;

  afterEach(async () => {
    await h.close();
  });

  describe('on the system clock', () => {
    beforeEach(async () => {
      h = await PublisherHarness.start(systemClock);
    });

    it('publishes a due post on time (second accuracy), once, with the attempt recorded first', async () => {
      h.platform.on('POST', '/hook', {
        status: 200,
        json: { id: 'msg-1', url: 'https://receiver.example/msg-1' },
      });
      const sut = await h.saga();
      const accountId = await h.connectWebhook();
      const dueAt = new Date(Date.now() + 1_500);
      const postId = await h.schedulePost({ at: dueAt, targets: [{ accountId, platform: 'webhook' }] });

      await until(
        async () => (await h.post(postId)).state.status === 'completed',
        'the post to be published',
      );

      const [request] = h.platform.requestsTo('POST', '/hook');
      const [started] = await h.eventsOf(postId, 'post.publishAttemptStarted');
      const attemptLateness = new Date(started.startedAt).getTime() - dueAt.getTime();
      const lateness = request.receivedAt - dueAt.getTime();
      process.stdout.write(
        `publisher lateness: attempt recorded +${attemptLateness} ms, platform reached +${lateness} ms\n`,
      );
      expect(attemptLateness).toBeGreaterThanOrEqual(0);
      expect(lateness).toBeLessThan(1_000);
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);
      const types = (await h.events(postId)).map((e) => e.type);
      expect(types.slice(-3)).toEqual([
        'post.publishAttemptStarted',
        'post.publishSucceeded',
        'post.publishingCompleted',
      ]);
      const [success] = await h.eventsOf(postId, 'post.publishSucceeded');
      expect(success).toMatchObject({ platformPostId: 'msg-1', url: 'https://receiver.example/msg-1' });
      // The attempt id travels as the receiver's idempotency key.
      expect(request.headers['idempotency-key']).toBe(started.attemptId);
      const events = await h.events(postId);
      const scheduled = events.find((e) => e.type === 'post.scheduled');
      const attempt = events.find((e) => e.type === 'post.publishAttemptStarted');
      // The attempt is caused by the schedule and continues its correlation.
      expect(attempt?.metadata).toMatchObject({
        actor: { kind: 'system', id: 'publisher' },
        tenantId: scheduled?.metadata.tenantId,
        causationId: scheduled?.id,
        correlationId: scheduled?.metadata.correlationId,
      });
      expect(sut.circuitStates()).toEqual({ webhook: 'closed' });
    });
  });

  describe('on a manual clock', () => {
    beforeEach(async () => {
      h = await PublisherHarness.start();
    });

    const scheduleWebhookPost = async (
      sut: PublisherSaga,
      inMs = MINUTE,
    ): Promise<{ postId: string; accountId: string }> => {
      const accountId = await h.connectWebhook();
      const postId = await h.schedulePost({
        at: new Date(h.clock.now().getTime() + inMs),
        targets: [{ accountId, platform: 'webhook' }],
      });
      await h.untilTimerCurrent(sut, postId);
      return { postId, accountId };
    };

    it('waits until due, then retries a 500 one minute later and succeeds', async () => {
      h.platform.on(
        'POST',
        '/hook',
        { status: 500, body: 'upstream down' },
        { status: 200, json: { id: 'ok-2' } },
      );
      const sut = await h.saga();
      const { postId } = await scheduleWebhookPost(sut);

      expect(await sut.runDue()).toBe(0);
      h.fixedClock.advance(MINUTE);
      await sut.runDue();
      const [failure] = await h.eventsOf(postId, 'post.publishAttemptFailed');
      expect(failure).toMatchObject({
        errorClass: 'transient',
        retryAt: new Date(h.clock.now().getTime() + MINUTE).toISOString(),
      });
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);

      await h.untilTimerCurrent(sut, postId);
      h.fixedClock.advance(MINUTE - 1_000);
      await sut.runDue();
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);
      h.fixedClock.advance(1_000);
      await sut.runDue();
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(2);
      expect(await h.eventsOf(postId, 'post.publishSucceeded')).toEqual([
        expect.objectContaining({ platformPostId: 'ok-2', attemptNumber: 2 }),
      ]);
    });

    it('retries after 1, 5 and 15 minutes, then fails for good with the reason', async () => {
      h.platform.on('POST', '/hook', { status: 503, body: 'maintenance' });
      const sut = await h.saga();
      const { postId } = await scheduleWebhookPost(sut);
      const waits: number[] = [];
      h.fixedClock.advance(MINUTE);
      for (let attempt = 1; attempt <= 4; attempt++) {
        await sut.runDue();
        const failures = await h.eventsOf(postId, 'post.publishAttemptFailed');
        expect(failures).toHaveLength(attempt);
        const { retryAt } = failures[attempt - 1];
        if (retryAt === null) break;
        const wait = new Date(retryAt).getTime() - h.clock.now().getTime();
        waits.push(wait);
        await h.untilTimerCurrent(sut, postId);
        h.fixedClock.advance(wait);
      }
      expect(waits).toEqual([1 * MINUTE, 5 * MINUTE, 15 * MINUTE]);
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(4);
      const [final] = await h.eventsOf(postId, 'post.publishFailedFinally');
      expect(final.reason).toContain('maintenance');
      expect(final.reason).toContain('gave up after 4 attempts');
      await h.untilTimerCurrent(sut, postId);
      h.fixedClock.advance(60 * MINUTE);
      await sut.runDue();
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(4);
    });

    it('honours Retry-After on a 429 for the account', async () => {
      h.platform.on(
        'POST',
        '/hook',
        { status: 429, headers: { 'retry-after': '180' }, body: 'slow down' },
        { status: 200, json: { id: 'late' } },
      );
      const sut = await h.saga();
      const { postId } = await scheduleWebhookPost(sut);
      h.fixedClock.advance(MINUTE);
      await sut.runDue();
      const [failure] = await h.eventsOf(postId, 'post.publishAttemptFailed');
      expect(failure).toMatchObject({
        errorClass: 'rate_limited',
        retryAt: new Date(h.clock.now().getTime() + 3 * MINUTE).toISOString(),
      });

      await h.untilTimerCurrent(sut, postId);
      h.fixedClock.advance(MINUTE);
      await sut.runDue();
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);
      h.fixedClock.advance(2 * MINUTE);
      await sut.runDue();
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(2);
      expect(await h.eventsOf(postId, 'post.publishSucceeded')).toHaveLength(1);
    });

    it('fails a refused post for good at once, with the platform\u2019s words', async () => {
      h.platform.on('POST', '/hook', { status: 400, body: 'message too spicy' });
      const sut = await h.saga();
      const { postId } = await scheduleWebhookPost(sut);
      h.fixedClock.advance(MINUTE);
      await sut.runDue();
      const [final] = await h.eventsOf(postId, 'post.publishFailedFinally');
      expect(final).toMatchObject({ errorClass: 'rejected', reason: 'message too spicy' });
      expect((await h.post(postId)).state.status).toBe('completed');
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);
    });

    it('opens the circuit after consecutive failures, fails fast without calling, and closes after a good probe', async () => {
      h.platform.on('POST', '/hook', { status: 502, body: 'bad gateway' });
      // One timer at a time, so the failures arrive in a known order.
      const sut = await h.saga({
        options: {
          circuitBreaker: { failureThreshold: 3, openMs: 30_000 },
          timers: { sweepMs: 30_000, concurrency: 1, stuckRetryMs: 5_000 },
        },
      });
      const posts = [];
      for (let i = 0; i < 4; i++) posts.push(await scheduleWebhookPost(sut, MINUTE + i * 1_000));
      h.fixedClock.advance(MINUTE + 3_000);
      await sut.runDue();

      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(3);
      expect(sut.circuitStates()).toEqual({ webhook: 'open' });
      const failures = await Promise.all(
        posts.map(({ postId }) => h.eventsOf(postId, 'post.publishAttemptFailed')),
      );
      expect(failures.map((f) => f.length)).toEqual([1, 1, 1, 1]);
      expect(failures.filter(([f]) => f.message.includes('circuit open'))).toHaveLength(1);

      h.platform.on('POST', '/hook', { status: 200, json: { id: 'back' } });
      for (const { postId } of posts) await h.untilTimerCurrent(sut, postId);
      h.fixedClock.advance(MINUTE);
      expect(sut.circuitStates()).toEqual({ webhook: 'half_open' });
      await sut.runDue();
      expect(sut.circuitStates()).toEqual({ webhook: 'closed' });
      expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(7);
      for (const { postId } of posts)
        expect(await h.eventsOf(postId, 'post.publishSucceeded')).toHaveLength(1);
    });

    it('publishes each target of a post at once, each with its own outcome', async () => {
      h.platform.on('POST', '/ok/:n', { status: 200, json: { id: 'fine' } });
      h.platform.on('POST', '/refusing', { status: 400, body: 'no' });
      const sut = await h.saga();
      const fine = [];
      for (let n = 0; n < 5; n++) fine.push(await h.connectWebhook(`/ok/${n}`));
      const refusing = await h.connectWebhook('/refusing');
      const postId = await h.schedulePost({
        at: new Date(h.clock.now().getTime() + MINUTE),
        targets: [...fine, refusing].map((accountId) => ({ accountId, platform: 'webhook' as const })),
      });
      await h.untilTimerCurrent(sut, postId);
      h.fixedClock.advance(MINUTE);
      await sut.runDue();
      // Six outcomes recorded concurrently on one stream: conflicts are retried, none is lost.
      const [completed] = await h.eventsOf(postId, 'post.publishingCompleted');
      expect([...completed.published].sort()).toEqual([...fine].sort());
      expect(completed.failed).toEqual([refusing]);
      expect(h.platform.requests).toHaveLength(6);
    });
  });
});
