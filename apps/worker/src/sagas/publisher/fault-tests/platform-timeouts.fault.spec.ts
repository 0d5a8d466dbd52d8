import { PublisherSaga } from '../publisher.saga';
import { OUTCOME_UNKNOWN_REASON } from '../target-reconciler';
import { PublisherHarness, X_USER_ID } from '../test/publisher-harness';

const MINUTE = 60_000;
/** Longer than the harness connectors' 2 s timeout: the platform hangs. */
const HANG = { delayMs: 4_000, status: 201 } as const;

jest.setTimeout(30_000);

/**
 * Fault: the platform accepts the connection and never answers in time. A timeout is silence, not
 * a refusal: the post may exist. The attempt stays open and is reconciled before anything is sent
 * again (429 and 500 are covered by the saga's own specs).
 */
describe(`${PublisherSaga.name} when the platform times out`, () => {
  let h: PublisherHarness;

  beforeEach(async () => {
    h = await PublisherHarness.start();
  });
  afterEach(async () => {
    await h.close();
  });

  async function dueNow(platform: 'webhook' | 'x', text: string): Promise<{ sut: PublisherSaga; postId: string }> {
    const sut = await h.saga();
    const accountId = platform === 'x' ? await h.connectX() : await h.connectWebhook();
    const postId = await h.schedulePost({
      at: new Date(h.clock.now().getTime() + MINUTE),
      targets: [{ accountId, platform }],
      text,
    });
    await h.untilTimerCurrent(sut, postId);
    h.fixedClock.advance(MINUTE);
    await sut.runDue();
    // Nothing is concluded from silence: the attempt is open, due for reconciliation.
    expect(await h.eventsOf(postId, 'post.publishAttemptStarted')).toHaveLength(1);
    expect(await h.eventsOf(postId, 'post.publishAttemptFailed')).toEqual([]);
    await h.untilTimerCurrent(sut, postId);
    expect((await sut.dueTimer(postId))?.payload.entries).toEqual([expect.objectContaining({ kind: 'reconcile' })]);
    return { sut, postId };
  }

  /** Lets every timer that can become due run, the way an hour of wall time would. */
  async function runFor(sut: PublisherSaga, postId: string, minutes: number): Promise<void> {
    for (let i = 0; i < minutes; i++) {
      await h.untilTimerCurrent(sut, postId);
      h.fixedClock.advance(MINUTE);
      await sut.runDue();
    }
  }

  it('webhook: never sends again, and fails the attempt as outcome_unknown for a person', async () => {
    h.platform.on('POST', '/hook', HANG);
    const { sut, postId } = await dueNow('webhook', 'Hung receiver');
    await runFor(sut, postId, 30);

    const finals = await h.eventsOf(postId, 'post.publishFailedFinally');
    expect(finals).toHaveLength(1);
    expect(finals[0].reason.startsWith(`${OUTCOME_UNKNOWN_REASON}:`)).toBe(true);
    expect(h.platform.requestsTo('POST', '/hook')).toHaveLength(1);
  });

  it('X: finds the timed-out tweet on the platform and records it without posting again', async () => {
    const text = 'Posted while the API hung';
    h.platform.on('POST', '/2/tweets', HANG);
    const { sut, postId } = await dueNow('x', text);
    h.platform.on('GET', '/2/users/:id/tweets', {
      json: { data: [{ id: '1800000000000000077', text, created_at: h.clock.now().toISOString() }] },
    });
    await runFor(sut, postId, 30);

    expect(await h.eventsOf(postId, 'post.publishSucceeded')).toEqual([
      expect.objectContaining({ platformPostId: '1800000000000000077' }),
    ]);
    expect(h.platform.requestsTo('POST', '/2/tweets')).toHaveLength(1);
    expect(h.platform.requestsTo('GET', `/2/users/${X_USER_ID}/tweets`).length).toBeGreaterThan(0);
  });

  it('X: when the timed-out tweet is not there, retries on the decider schedule and posts once', async () => {
    const text = 'Lost in a timeout';
    h.platform.on('POST', '/2/tweets', HANG, { status: 201, json: { data: { id: '1800000000000000078', text } } });
    h.platform.on('GET', '/2/users/:id/tweets', { json: { meta: { result_count: 0 } } });
    const { sut, postId } = await dueNow('x', text);
    await runFor(sut, postId, 30);

    expect(await h.eventsOf(postId, 'post.publishAttemptFailed')).toEqual([
      expect.objectContaining({ errorClass: 'transient' }),
    ]);
    expect(await h.eventsOf(postId, 'post.publishSucceeded')).toEqual([
      expect.objectContaining({ platformPostId: '1800000000000000078' }),
    ]);
    expect(h.platform.requestsTo('POST', '/2/tweets')).toHaveLength(2);
  });
});
