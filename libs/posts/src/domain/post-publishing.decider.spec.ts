import { deciderSpec } from '@herald/testing';
import type { PostCommand } from './post.commands';
import { postDecider } from './post.decider';
import type { PostEvent } from './post.events';
import {
  at,
  draft,
  facts,
  fail,
  historyOf,
  LATER,
  LI_ACCOUNT,
  schedule,
  startAttempt,
  stateOf,
  succeed,
  user,
  X_ACCOUNT,
} from './testing/post.fixtures';

const sut = deciderSpec(postDecider);
const DUE = at(LATER);
const plus = (ms: number): Date => new Date(DUE.getTime() + ms);
const MINUTE = 60_000;
const scheduled = historyOf(draft(), schedule());
const inFlight = historyOf(draft(), schedule(), startAttempt('attempt-1', DUE));
const published = historyOf(draft(), schedule(), startAttempt('attempt-1', DUE), succeed('attempt-1', DUE));
const types = (events: readonly PostEvent[]) => events.map((e) => e.type);

describe('postDecider — publishing', () => {
  describe('starting an attempt', () => {
    it('records the attempt before the platform call, numbered from 1', () => {
      sut
        .given(scheduled)
        .when(startAttempt('attempt-1', DUE))
        .then([
          {
            type: 'post.publishAttemptStarted',
            schemaVersion: 1,
            data: {
              accountId: X_ACCOUNT,
              platform: 'x',
              occurrence: 0,
              attemptId: 'attempt-1',
              attemptNumber: 1,
              startedAt: LATER,
            },
          },
        ]);
      expect(stateOf(inFlight)).toMatchObject({
        status: 'publishing',
        targets: [{ status: 'publishing', lastAttemptId: 'attempt-1' }],
      });
    });

    it('is refused before the post is due', () => {
      sut
        .given(scheduled)
        .when(startAttempt('attempt-1', plus(-1)))
        .thenThrows('POST.NOT_DUE');
    });

    it('the same attempt started twice (publisher retry) appends nothing', () => {
      sut.given(inFlight).when(startAttempt('attempt-1', DUE)).then([]);
    });

    it('a second attempt while the first has no outcome is refused: reconcile first', () => {
      sut
        .given(inFlight)
        .when(startAttempt('attempt-2', plus(MINUTE)))
        .thenThrows('POST.ATTEMPT_IN_PROGRESS');
    });

    it('only the publisher may start attempts', () => {
      sut
        .given(scheduled)
        .when({
          type: 'StartPublishAttempt',
          context: user(DUE),
          accountId: X_ACCOUNT,
          attemptId: 'a',
          occurrence: 0,
        })
        .thenThrows('POST.FORBIDDEN');
    });

    it('a draft has nothing to publish', () => {
      sut
        .given(historyOf(draft()))
        .when(startAttempt('attempt-1', DUE))
        .thenThrows('POST.INVALID_TRANSITION');
    });

    it('an account that is not a target is refused', () => {
      sut
        .given(scheduled)
        .when(startAttempt('attempt-1', DUE, LI_ACCOUNT))
        .thenThrows('POST.TARGET_NOT_FOUND');
    });
  });

  describe('a published target is never published again', () => {
    it('success records the platform post id and URL, and completes a single-target post', () => {
      const events = sut.given(inFlight).when(succeed('attempt-1', DUE)).thenEvents();
      expect(events).toEqual([
        {
          type: 'post.publishSucceeded',
          schemaVersion: 1,
          data: {
            accountId: X_ACCOUNT,
            platform: 'x',
            occurrence: 0,
            attemptId: 'attempt-1',
            attemptNumber: 1,
            platformPostId: 'tweet-1',
            url: 'https://x.com/herald/status/tweet-1',
            publishedAt: LATER,
          },
        },
        {
          type: 'post.publishingCompleted',
          schemaVersion: 1,
          data: { occurrence: 0, published: [X_ACCOUNT], failed: [], completedAt: LATER },
        },
      ]);
      expect(stateOf([...inFlight, ...events])).toMatchObject({
        status: 'completed',
        targets: [{ status: 'published' }],
      });
    });

    it('a new attempt for the published target is refused', () => {
      sut
        .given(published)
        .when(startAttempt('attempt-2', plus(MINUTE)))
        .thenThrows('POST.ALREADY_PUBLISHED');
    });

    it('a second success for another attempt is refused', () => {
      sut
        .given(published)
        .when(succeed('attempt-2', plus(MINUTE), X_ACCOUNT, 'tweet-2'))
        .thenThrows('POST.ALREADY_PUBLISHED');
    });

    it('the same success reported twice appends nothing', () => {
      sut
        .given(published)
        .when(succeed('attempt-1', plus(MINUTE)))
        .then([]);
    });

    it('publishing now again to the published account is refused', () => {
      const again: PostCommand = {
        type: 'PublishPostNow',
        context: user(plus(MINUTE)),
        role: 'admin',
        targets: [facts(X_ACCOUNT, 'x')],
        approvalRequired: false,
      };
      sut.given(published).when(again).thenThrows('POST.ALREADY_PUBLISHED');
    });

    it('a completed post cannot be scheduled again: duplicate it instead', () => {
      sut
        .given(published)
        .when(schedule({ context: user(plus(MINUTE)), at: '2026-04-01T09:00:00Z' }))
        .thenThrows('POST.ALREADY_PUBLISHED');
    });

    it('an outcome for an attempt that is not in flight is refused', () => {
      sut.given(scheduled).when(succeed('attempt-9', DUE)).thenThrows('POST.ATTEMPT_MISMATCH');
    });
  });

  describe('failures and retries (1 min, 5 min, 15 min, then failed)', () => {
    it('a transient failure schedules a retry one minute later', () => {
      const [event] = sut.given(inFlight).when(fail('attempt-1', DUE)).thenEvents();
      expect(event).toMatchObject({
        type: 'post.publishAttemptFailed',
        data: { attemptNumber: 1, errorClass: 'transient', retryAt: plus(MINUTE).toISOString() },
      });
      expect(stateOf([...inFlight, event])).toMatchObject({
        targets: [{ status: 'pending', retryAt: plus(MINUTE).toISOString() }],
      });
    });

    it('the retry is not due before its time', () => {
      const history = historyOf(draft(), schedule(), startAttempt('attempt-1', DUE), fail('attempt-1', DUE));
      sut
        .given(history)
        .when(startAttempt('attempt-2', plus(MINUTE - 1)))
        .thenThrows('POST.NOT_DUE');
      expect(
        types(
          sut
            .given(history)
            .when(startAttempt('attempt-2', plus(MINUTE)))
            .thenEvents(),
        ),
      ).toEqual(['post.publishAttemptStarted']);
    });

    it('backs off 1, 5 and 15 minutes, and the fourth failure is final with its reason kept', () => {
      const t1 = plus(MINUTE);
      const t2 = new Date(t1.getTime() + 5 * MINUTE);
      const t3 = new Date(t2.getTime() + 15 * MINUTE);
      const history = historyOf(
        draft(),
        schedule(),
        startAttempt('a1', DUE),
        fail('a1', DUE),
        startAttempt('a2', t1),
        fail('a2', t1),
        startAttempt('a3', t2),
        fail('a3', t2),
        startAttempt('a4', t3),
      );
      const retries = history
        .filter((e) => e.type === 'post.publishAttemptFailed')
        .map((e) => (e.data as { retryAt: string }).retryAt);
      expect(retries).toEqual([t1, t2, t3].map((d) => d.toISOString()));
      const final = sut.given(history).when(fail('a4', t3)).thenEvents();
      expect(types(final)).toEqual([
        'post.publishAttemptFailed',
        'post.publishFailedFinally',
        'post.publishingCompleted',
      ]);
      expect(final[1].data).toMatchObject({
        attemptNumber: 4,
        reason: 'X answered 503 (gave up after 4 attempts)',
      });
      expect(stateOf([...history, ...final])).toMatchObject({
        status: 'completed',
        targets: [{ status: 'failed' }],
      });
    });

    it('a rate limit waits for the platform Retry-After when it is later than the backoff', () => {
      const limited: PostCommand = {
        ...(fail('attempt-1', DUE, 'rate_limited') as Extract<PostCommand, { type: 'RecordPublishFailure' }>),
        retryAfter: plus(30 * MINUTE).toISOString(),
      };
      const [event] = sut.given(inFlight).when(limited).thenEvents();
      expect(event.data).toMatchObject({ retryAt: plus(30 * MINUTE).toISOString() });
    });

    it.each(['rejected', 'needs_reconnect'] as const)('a %s failure is final at once', (errorClass) => {
      const events = sut
        .given(inFlight)
        .when(fail('attempt-1', DUE, errorClass))
        .thenEvents();
      expect(types(events)).toEqual([
        'post.publishAttemptFailed',
        'post.publishFailedFinally',
        'post.publishingCompleted',
      ]);
    });

    it('the same failure reported twice appends nothing', () => {
      const history = historyOf(draft(), schedule(), startAttempt('attempt-1', DUE), fail('attempt-1', DUE));
      sut.given(history).when(fail('attempt-1', DUE)).then([]);
    });

    it('a failed target can be retried by publishing again; the published one is left alone', () => {
      const twoTargets = schedule({ targets: [facts(X_ACCOUNT, 'x'), facts(LI_ACCOUNT, 'linkedin')] });
      const history = historyOf(
        draft(),
        twoTargets,
        startAttempt('x1', DUE),
        succeed('x1', DUE),
        startAttempt('li1', DUE, LI_ACCOUNT),
        fail('li1', DUE, 'rejected', LI_ACCOUNT),
      );
      expect(stateOf(history)).toMatchObject({
        status: 'completed',
        targets: [{ status: 'published' }, { status: 'failed' }],
      });
      const retry: PostCommand = {
        type: 'PublishPostNow',
        context: user(plus(MINUTE)),
        role: 'editor',
        targets: [facts(LI_ACCOUNT, 'linkedin')],
        approvalRequired: false,
      };
      const events = sut.given(history).when(retry).thenEvents();
      expect(stateOf([...history, ...events])).toMatchObject({
        status: 'publishing',
        targets: [
          { accountId: X_ACCOUNT, status: 'published' },
          { accountId: LI_ACCOUNT, status: 'pending', attempts: 1, failuresSinceRequest: 0 },
        ],
      });
      expect(
        types(
          sut
            .given([...history, ...events])
            .when(startAttempt('li2', plus(MINUTE), LI_ACCOUNT))
            .thenEvents(),
        ),
      ).toEqual(['post.publishAttemptStarted']);
    });
  });

  describe('several targets', () => {
    it('tracks each target; the post completes when every target has an outcome', () => {
      const history = historyOf(
        draft(),
        schedule({ targets: [facts(X_ACCOUNT, 'x'), facts(LI_ACCOUNT, 'linkedin')] }),
        startAttempt('x1', DUE),
      );
      const first = sut.given(history).when(succeed('x1', DUE)).thenEvents();
      expect(types(first)).toEqual(['post.publishSucceeded']);
      expect(stateOf([...history, ...first])).toMatchObject({
        status: 'publishing',
        targets: [{ status: 'published' }, { status: 'pending' }],
      });
    });
  });
});
