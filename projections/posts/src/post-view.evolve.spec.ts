import { GENESIS_HASH, type RecordedEvent } from '@herald/event-store';
import type { PostTarget } from '@herald/posts';
import { content, postEvents, type Recorded } from '@herald/projections/support';
import { evolvePostView, type PostViewDocument, type PostViewEvent } from './post-view.evolve';

const ig: PostTarget = { accountId: 'acc-ig', platform: 'instagram' };
const li: PostTarget = { accountId: 'acc-li', platform: 'linkedin' };

function recorded(event: PostViewEvent, position: number): Recorded<PostViewEvent> {
  const envelope: RecordedEvent = {
    id: `event-${position}`,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: 'post-p1',
    revision: position - 1,
    globalPosition: position,
    occurredAt: new Date(Date.UTC(2030, 0, 1, 0, 0, position)).toISOString(),
    data: event.data,
    metadata: { tenantId: 'org-1', actor: { kind: 'user', id: 'u' }, correlationId: 'c', causationId: null, subjectIds: [], prevHash: GENESIS_HASH, hash: GENESIS_HASH },
    personalFields: [],
  };
  return { ...event, envelope } as Recorded<PostViewEvent>;
}

/** Folds the events from nothing, as the projection does one event at a time. */
const given = (...events: PostViewEvent[]): PostViewDocument =>
  events.reduce<PostViewDocument | null>((view, event, index) => evolvePostView(view, recorded(event, index + 1), 'p1'), null) as PostViewDocument;

const drafted = postEvents.drafted('p1', 'org-1', content('Hello'));

describe(evolvePostView.name, () => {
  it('moves through approval: awaiting approval, approved, back to draft on an edit', () => {
    expect(given(drafted, postEvents.submitted('2030-01-02T00:00:00.000Z')).status).toBe('awaiting_approval');
    const approved = given(drafted, postEvents.submitted('2030-01-02T00:00:00.000Z'), postEvents.approved('2030-01-03T00:00:00.000Z'));
    expect(approved).toMatchObject({ status: 'approved', approval: { approvedBy: 'user-manager' } });
    const edited = given(drafted, postEvents.approved('2030-01-03T00:00:00.000Z'), postEvents.edited(content('Hello again'), '2030-01-04T00:00:00.000Z'));
    expect(edited).toMatchObject({ status: 'draft', approval: null });
    expect(edited.terms).toContain('again');
    const rejected = given(drafted, postEvents.submitted('2030-01-02T00:00:00.000Z'), postEvents.rejected('Off brand', '2030-01-03T00:00:00.000Z'));
    expect(rejected).toMatchObject({ status: 'draft', lastRejection: { reason: 'Off brand' } });
  });

  it('returns an approved post to approved, not draft, when its schedule is cancelled', () => {
    const sut = given(drafted, postEvents.approved('2030-01-03T00:00:00.000Z'), postEvents.scheduled('2030-02-01T09:00:00.000Z', 'UTC', [ig]), postEvents.cancelled());
    expect(sut).toMatchObject({ status: 'approved', schedule: null, scheduledFor: null, targets: [] });
  });

  it('keeps per-target progress and ends partially published when one target fails for good', () => {
    const scheduled = [drafted, postEvents.scheduled('2030-02-01T09:00:00.000Z', 'Europe/Paris', [ig, li])];
    const publishing = given(...scheduled, postEvents.attemptStarted(ig, 0, 1, '2030-02-01T09:00:00.000Z'));
    expect(publishing.status).toBe('publishing');
    const retrying = given(...scheduled, postEvents.attemptStarted(ig, 0, 1, '2030-02-01T09:00:00.000Z'), postEvents.attemptFailed(ig, 0, 1, 'timeout', '2030-02-01T09:01:00.000Z'));
    expect(retrying.status).toBe('scheduled');
    expect(retrying.targets[0]).toMatchObject({ status: 'pending', attempts: 1, retryAt: '2030-02-01T09:01:00.000Z', lastError: { errorClass: 'transient', message: 'timeout' } });
    const sut = given(
      ...scheduled,
      postEvents.attemptStarted(ig, 0, 1, '2030-02-01T09:00:00.000Z'),
      postEvents.succeeded(ig, 0, 1, '2030-02-01T09:00:02.000Z'),
      postEvents.attemptStarted(li, 0, 1, '2030-02-01T09:00:00.000Z'),
      postEvents.failedFinally(li, 0, 1, 'text too long', '2030-02-01T09:00:03.000Z'),
      postEvents.completed(0, [ig.accountId], [li.accountId], '2030-02-01T09:00:03.000Z'),
    );
    expect(sut.status).toBe('partially_published');
    expect(sut.targets).toEqual([
      expect.objectContaining({ accountId: 'acc-ig', status: 'published', platformPostId: 'pp-acc-ig-0', url: 'https://instagram.example/p/acc-ig-0' }),
      expect.objectContaining({ accountId: 'acc-li', status: 'failed', lastError: { errorClass: 'rejected', message: 'text too long' } }),
    ]);
    expect(sut.lastPublishedAt).toBe('2030-02-01T09:00:02.000Z');
  });

  it('re-publishes a failed target of a completed post, keeping its attempt count, then ends published', () => {
    const failed = [
      drafted,
      postEvents.scheduled('2030-02-01T09:00:00.000Z', 'UTC', [ig]),
      postEvents.attemptStarted(ig, 0, 1, '2030-02-01T09:00:00.000Z'),
      postEvents.failedFinally(ig, 0, 1, 'expired token', '2030-02-01T09:00:01.000Z'),
      postEvents.completed(0, [], [ig.accountId], '2030-02-01T09:00:01.000Z'),
    ];
    expect(given(...failed).status).toBe('failed');
    const requested = given(...failed, postEvents.publishRequested([ig], 0, '2030-02-02T10:00:00.000Z'));
    expect(requested).toMatchObject({ status: 'scheduled', scheduledFor: '2030-02-02T10:00:00.000Z', targets: [expect.objectContaining({ status: 'pending', attempts: 1, lastError: null })] });
    const sut = given(
      ...failed,
      postEvents.publishRequested([ig], 0, '2030-02-02T10:00:00.000Z'),
      postEvents.attemptStarted(ig, 0, 2, '2030-02-02T10:00:00.000Z'),
      postEvents.succeeded(ig, 0, 2, '2030-02-02T10:00:01.000Z'),
      postEvents.completed(0, [ig.accountId], [], '2030-02-02T10:00:01.000Z'),
    );
    expect(sut.status).toBe('published');
  });

  it('stays published when a series with publications is cancelled, and is deleted as a tombstone', () => {
    const weekly = { frequency: 'weekly' as const, interval: 1, byWeekday: null, until: null, count: null };
    const series = [
      drafted,
      postEvents.scheduled('2030-02-01T09:00:00.000Z', 'UTC', [ig], weekly),
      postEvents.attemptStarted(ig, 0, 1, '2030-02-01T09:00:00.000Z'),
      postEvents.succeeded(ig, 0, 1, '2030-02-01T09:00:01.000Z'),
      postEvents.nextOccurrence(1, 1, '2030-02-08T09:00:00.000Z'),
    ];
    expect(given(...series)).toMatchObject({ status: 'scheduled', scheduledFor: '2030-02-08T09:00:00.000Z', schedule: { occurrence: 1 } });
    expect(given(...series, postEvents.cancelled()).status).toBe('published');
    expect(given(...series, postEvents.cancelled(), postEvents.deleted('2030-03-01T00:00:00.000Z'))).toMatchObject({ status: 'deleted', deletedAt: '2030-03-01T00:00:00.000Z' });
  });

  it('refuses an event for a post it never saw drafted', () => {
    expect(() => evolvePostView(null, recorded(postEvents.submitted('2030-01-02T00:00:00.000Z'), 1), 'p1')).toThrow('never drafted');
  });
});
