import { deciderSpec } from '@herald/testing';
import type { PostCommand } from './post.commands';
import { postDecider } from './post.decider';
import type { PostEvent } from './post.events';
import {
  at,
  draft,
  historyOf,
  LATER,
  publisher,
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
const published = historyOf(draft(), schedule(), startAttempt('attempt-1', DUE), succeed('attempt-1', DUE));
const types = (events: readonly PostEvent[]) => events.map((e) => e.type);

describe('postDecider — recurring publication and metrics', () => {
  describe('recurring schedules', () => {
    const daily = schedule({
      timeZone: 'Europe/Paris',
      at: '2026-03-28T08:00:00.000Z',
      recurrence: { frequency: 'daily', interval: 1, byWeekday: null, until: null, count: 3 },
    });
    const first = at('2026-03-28T08:00:00.000Z');

    it('after an occurrence, schedules the next one at the same Paris wall time across DST', () => {
      const history = historyOf(draft(), daily, startAttempt('o0', first));
      const events = sut.given(history).when(succeed('o0', first)).thenEvents();
      expect(events[1]).toEqual({
        type: 'post.nextOccurrenceScheduled',
        schemaVersion: 1,
        data: { occurrence: 1, seriesIndex: 1, at: '2026-03-29T07:00:00.000Z' },
      });
      expect(stateOf([...history, ...events])).toMatchObject({
        status: 'scheduled',
        schedule: { occurrence: 1 },
        targets: [{ status: 'pending', attempts: 0 }],
      });
    });

    it('a stale attempt for a past occurrence that was published is refused', () => {
      const history = historyOf(draft(), daily, startAttempt('o0', first), succeed('o0', first));
      sut
        .given(history)
        .when(startAttempt('o0-again', at('2026-03-28T08:05:00Z'), X_ACCOUNT, 0))
        .thenThrows('POST.ALREADY_PUBLISHED');
    });

    it('completes after COUNT occurrences', () => {
      const second = at('2026-03-29T07:00:00.000Z');
      const third = at('2026-03-30T07:00:00.000Z');
      const history = historyOf(
        draft(),
        daily,
        startAttempt('o0', first),
        succeed('o0', first, X_ACCOUNT, 't0'),
        startAttempt('o1', second, X_ACCOUNT, 1),
        succeed('o1', second, X_ACCOUNT, 't1'),
        startAttempt('o2', third, X_ACCOUNT, 2),
      );
      const events = sut
        .given(history)
        .when(succeed('o2', third, X_ACCOUNT, 't2'))
        .thenEvents();
      expect(types(events)).toEqual(['post.publishSucceeded', 'post.publishingCompleted']);
      const state = stateOf([...history, ...events]);
      expect(state.status !== 'none' && state.post.publications.map((p) => p.platformPostId)).toEqual([
        't0',
        't1',
        't2',
      ]);
    });

    it('cancelling a series that already published ends it as completed', () => {
      const history = historyOf(draft(), daily, startAttempt('o0', first), succeed('o0', first));
      const cancel: PostCommand = {
        type: 'CancelPostSchedule',
        context: user(at('2026-03-28T09:00:00Z')),
        role: 'editor',
        reason: null,
      };
      expect(stateOf([...history, ...sut.given(history).when(cancel).thenEvents()]).status).toBe('completed');
    });
  });

  describe('metrics', () => {
    const metrics = {
      impressions: 1200,
      reach: 900,
      likes: 40,
      comments: 3,
      shares: 5,
      saves: 2,
      clicks: 17,
    };
    const record = (platformPostId: string, values = metrics): PostCommand => ({
      type: 'RecordPostMetrics',
      context: publisher(plus(60 * MINUTE)),
      accountId: X_ACCOUNT,
      platformPostId,
      metrics: values,
      measuredAt: plus(60 * MINUTE).toISOString(),
    });

    it('are recorded against a publication', () => {
      const events = sut.given(published).when(record('tweet-1')).thenEvents();
      const state = stateOf([...published, ...events]);
      expect(state.status !== 'none' && state.post.publications[0].metrics).toEqual({
        ...metrics,
        measuredAt: plus(60 * MINUTE).toISOString(),
      });
    });

    it('are refused for a post id this post never published', () => {
      sut.given(published).when(record('tweet-999')).thenThrows('POST.TARGET_NOT_FOUND');
    });

    it('must be whole non-negative numbers', () => {
      sut
        .given(published)
        .when(record('tweet-1', { ...metrics, likes: -1 }))
        .thenThrows('VALIDATION.FAILED');
    });
  });
});
