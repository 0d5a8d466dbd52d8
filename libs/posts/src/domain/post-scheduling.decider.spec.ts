import type { MemberRole } from '@herald/organizations';
import { deciderSpec } from '@herald/testing';
import type { PostCommand } from './post.commands';
import { postDecider } from './post.decider';
import {
  approve,
  at,
  content,
  draft,
  facts,
  historyOf,
  IG_ACCOUNT,
  LATER,
  LI_ACCOUNT,
  NOW,
  schedule,
  stateOf,
  submit,
  user,
  video,
  X_ACCOUNT,
} from './testing/post.fixtures';

const sut = deciderSpec(postDecider);
const drafted = historyOf(draft());

describe('postDecider — scheduling', () => {
  describe('schedule', () => {
    it('schedules a draft at an instant in a time zone, every target pending', () => {
      sut
        .given(drafted)
        .when(schedule())
        .then([
          {
            type: 'post.scheduled',
            schemaVersion: 1,
            data: {
              at: LATER,
              timeZone: 'Europe/Paris',
              recurrence: null,
              targets: [{ accountId: X_ACCOUNT, platform: 'x' }],
              occurrence: 0,
              scheduledBy: 'user-1',
              scheduledAt: NOW.toISOString(),
            },
          },
        ]);
      const state = stateOf([...drafted, ...sut.given(drafted).when(schedule()).thenEvents()]);
      expect(state.status === 'scheduled' && state.targets.map((t) => t.status)).toEqual(['pending']);
    });

    it('never in the past, and says when it is now', () => {
      const error = sut
        .given(drafted)
        .when(schedule({ at: '2026-03-10T08:59:59Z' }))
        .thenThrows('POST.SCHEDULED_IN_PAST');
      expect(error.message).toBe(
        'The publication time 2026-03-10T08:59:59.000Z has already passed (it is now 2026-03-10T09:00:00.000Z); choose a later time or publish now.',
      );
    });

    it('not at the present instant either', () => {
      sut
        .given(drafted)
        .when(schedule({ at: NOW.toISOString() }))
        .thenThrows('POST.SCHEDULED_IN_PAST');
    });

    it('refuses a time zone that is not IANA', () => {
      sut
        .given(drafted)
        .when(schedule({ timeZone: 'Paris/France' }))
        .thenThrows('POST.INVALID_TIME_ZONE');
    });

    it('refuses an unreadable instant', () => {
      sut
        .given(drafted)
        .when(schedule({ at: 'next tuesday' }))
        .thenThrows('VALIDATION.FAILED');
    });

    it('needs at least one target', () => {
      sut
        .given(drafted)
        .when(schedule({ targets: [] }))
        .thenThrows('POST.NO_TARGETS');
    });

    it('a disconnected account cannot be targeted', () => {
      sut
        .given(drafted)
        .when(schedule({ targets: [facts(X_ACCOUNT, 'x', { accountStatus: 'disconnected' })] }))
        .thenThrows('ACCOUNT.DISCONNECTED');
    });

    it('an expired account can still be targeted: it may be reconnected before the post is due', () => {
      expect(
        sut
          .given(drafted)
          .when(schedule({ targets: [facts(X_ACCOUNT, 'x', { accountStatus: 'expired' })] }))
          .thenEvents(),
      ).toHaveLength(1);
    });

    it("checks the content against every target's platform rules", () => {
      const error = sut
        .given(historyOf(draft({ content: content({ media: [] }) })))
        .when(schedule({ targets: [facts(X_ACCOUNT, 'x'), facts(IG_ACCOUNT, 'instagram')] }))
        .thenThrows('POST.MEDIA_REQUIRED');
      expect(error.details).toMatchObject({ platform: 'instagram' });
    });

    it("refuses once the account's daily cap is reached that day, naming the cap", () => {
      const targets = [facts(LI_ACCOUNT, 'linkedin', { dailyCap: 2, scheduledThatDay: 2 })];
      const error = sut.given(drafted).when(schedule({ targets })).thenThrows('POST.DAILY_CAP_REACHED');
      expect(error.message).toBe(
        'The LinkedIn account acct-li already has 2 posts on 2026-03-12, its daily cap is 2; choose another day or raise the cap in the organization settings.',
      );
      expect(error.details).toMatchObject({ limit: 2, actual: 2 });
    });

    it('accepts the last post under the cap', () => {
      const targets = [facts(LI_ACCOUNT, 'linkedin', { dailyCap: 2, scheduledThatDay: 1 })];
      expect(sut.given(drafted).when(schedule({ targets })).thenEvents()).toHaveLength(1);
    });

    it("refuses once the plan's limit on scheduled posts is reached", () => {
      const error = sut
        .given(drafted)
        .when(schedule({ planLimit: { limit: 30, scheduledPosts: 30 } }))
        .thenThrows('POST.PLAN_LIMIT_REACHED');
      expect(error.message).toContain('Your plan allows 30 scheduled posts and 30 are scheduled');
    });

    describe('when the organization requires approval', () => {
      it('a draft cannot be scheduled', () => {
        sut
          .given(drafted)
          .when(schedule({ approvalRequired: true }))
          .thenThrows('POST.APPROVAL_REQUIRED');
      });

      it('a post waiting for approval cannot be scheduled', () => {
        sut
          .given(historyOf(draft(), submit()))
          .when(schedule({ approvalRequired: true }))
          .thenThrows('POST.APPROVAL_REQUIRED');
      });

      it('an approved post can', () => {
        const events = sut
          .given(historyOf(draft(), submit(), approve()))
          .when(schedule({ approvalRequired: true }))
          .thenEvents();
        expect(events.map((e) => e.type)).toEqual(['post.scheduled']);
      });
    });

    it('a draft can be scheduled when approval is not required', () => {
      expect(
        sut
          .given(drafted)
          .when(schedule({ approvalRequired: false }))
          .thenEvents(),
      ).toHaveLength(1);
    });

    it.each<MemberRole>(['viewer'])('the %s role cannot schedule', (role) => {
      sut.given(drafted).when(schedule({ role })).thenThrows('POST.FORBIDDEN');
    });

    it('validates a recurrence', () => {
      sut
        .given(drafted)
        .when(
          schedule({
            recurrence: { frequency: 'daily', interval: 0, byWeekday: null, until: null, count: null },
          }),
        )
        .thenThrows('POST.INVALID_RECURRENCE');
    });

    it('an already scheduled post is rescheduled, not scheduled twice', () => {
      sut.given(historyOf(draft(), schedule())).when(schedule()).thenThrows('POST.INVALID_TRANSITION');
    });
  });

  describe('reschedule', () => {
    const reschedule = (
      overrides: Partial<Extract<PostCommand, { type: 'ReschedulePost' }>> = {},
    ): PostCommand => ({
      type: 'ReschedulePost',
      context: user(),
      role: 'editor',
      at: '2026-03-13T10:00:00.000Z',
      timeZone: 'Europe/Paris',
      targets: [facts(X_ACCOUNT, 'x')],
      ...overrides,
    });

    it('moves the scheduled instant', () => {
      const history = historyOf(draft(), schedule());
      const events = sut.given(history).when(reschedule()).thenEvents();
      expect(events[0]).toMatchObject({
        type: 'post.rescheduled',
        data: { previousAt: LATER, at: '2026-03-13T10:00:00.000Z' },
      });
      expect(stateOf([...history, ...events])).toMatchObject({
        status: 'scheduled',
        schedule: { at: '2026-03-13T10:00:00.000Z' },
      });
    });

    it('not into the past', () => {
      sut
        .given(historyOf(draft(), schedule()))
        .when(reschedule({ at: '2026-03-01T10:00:00Z' }))
        .thenThrows('POST.SCHEDULED_IN_PAST');
    });

    it('checks the daily cap of the new day', () => {
      sut
        .given(historyOf(draft(), schedule()))
        .when(reschedule({ targets: [facts(X_ACCOUNT, 'x', { dailyCap: 10, scheduledThatDay: 10 })] }))
        .thenThrows('POST.DAILY_CAP_REACHED');
    });

    it('cannot swap targets', () => {
      sut
        .given(historyOf(draft(), schedule()))
        .when(reschedule({ targets: [facts(LI_ACCOUNT, 'linkedin')] }))
        .thenThrows('VALIDATION.FAILED');
    });

    it('a draft has nothing to reschedule', () => {
      sut.given(drafted).when(reschedule()).thenThrows('POST.INVALID_TRANSITION');
    });
  });

  describe('cancel', () => {
    const cancel: PostCommand = {
      type: 'CancelPostSchedule',
      context: user(),
      role: 'editor',
      reason: 'campaign paused',
    };

    it('returns an approved post to approved', () => {
      const history = historyOf(draft(), submit(), approve(), schedule({ approvalRequired: true }));
      const events = sut.given(history).when(cancel).thenEvents();
      expect(stateOf([...history, ...events]).status).toBe('approved');
    });

    it('returns an unapproved post to draft', () => {
      const history = historyOf(draft(), schedule());
      expect(stateOf([...history, ...sut.given(history).when(cancel).thenEvents()]).status).toBe('draft');
    });

    it('only a scheduled post can be cancelled', () => {
      sut.given(drafted).when(cancel).thenThrows('POST.INVALID_TRANSITION');
    });
  });

  describe('publish now', () => {
    const publishNow = (
      overrides: Partial<Extract<PostCommand, { type: 'PublishPostNow' }>> = {},
    ): PostCommand => ({
      type: 'PublishPostNow',
      context: user(),
      role: 'editor',
      targets: [facts(X_ACCOUNT, 'x')],
      approvalRequired: false,
      ...overrides,
    });

    it('makes a draft due now', () => {
      const events = sut.given(drafted).when(publishNow()).thenEvents();
      expect(events[0]).toMatchObject({
        type: 'post.publishRequested',
        data: { requestedAt: NOW.toISOString(), occurrence: 0 },
      });
      expect(stateOf([...drafted, ...events])).toMatchObject({
        status: 'scheduled',
        schedule: { at: NOW.toISOString() },
      });
    });

    it('brings a scheduled post forward to now', () => {
      const history = historyOf(draft(), schedule());
      const events = sut.given(history).when(publishNow()).thenEvents();
      expect(stateOf([...history, ...events])).toMatchObject({
        status: 'scheduled',
        schedule: { at: NOW.toISOString() },
      });
    });

    it('respects the approval requirement', () => {
      sut
        .given(drafted)
        .when(publishNow({ approvalRequired: true }))
        .thenThrows('POST.APPROVAL_REQUIRED');
    });

    it('respects the daily cap of today', () => {
      sut
        .given(drafted)
        .when(publishNow({ targets: [facts(X_ACCOUNT, 'x', { dailyCap: 10, scheduledThatDay: 10 })] }))
        .thenThrows('POST.DAILY_CAP_REACHED');
    });

    it('respects the platform rules (YouTube needs a video)', () => {
      const imageOnly = historyOf(draft({ content: content({ title: 'Launch' }) }));
      sut
        .given(imageOnly)
        .when(publishNow({ targets: [facts('acct-yt', 'youtube')] }))
        .thenThrows('POST.MEDIA_TYPE_NOT_SUPPORTED');
      const withVideo = historyOf(draft({ content: content({ title: 'Launch', media: [video()] }) }));
      expect(
        sut
          .given(withVideo)
          .when(publishNow({ targets: [facts('acct-yt', 'youtube')] }))
          .thenEvents(),
      ).toHaveLength(1);
    });

    it('a viewer cannot publish', () => {
      sut
        .given(drafted)
        .when(publishNow({ role: 'viewer' }))
        .thenThrows('POST.FORBIDDEN');
    });

    it('cannot target a disconnected account', () => {
      sut
        .given(drafted)
        .when(publishNow({ targets: [facts(X_ACCOUNT, 'x', { accountStatus: 'disconnected' })] }))
        .thenThrows('ACCOUNT.DISCONNECTED');
    });

    it('a scheduled post publishes to its own targets only', () => {
      sut
        .given(historyOf(draft(), schedule()))
        .when(publishNow({ targets: [facts(IG_ACCOUNT, 'instagram')] }))
        .thenThrows('VALIDATION.FAILED');
    });
  });

  it('schedules relative to the command instant, not the clock of the test machine', () => {
    const future = at('2030-01-01T00:00:00Z');
    sut
      .given(drafted)
      .when(schedule({ context: user(future) }))
      .thenThrows('POST.SCHEDULED_IN_PAST');
  });
});
