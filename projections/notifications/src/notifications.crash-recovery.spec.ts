import type { PostTarget } from '@herald/posts';
import type { AnyDocument } from '@herald/read-store';
import { crashAtEveryWrite } from '@herald/projections/analytics';
import { taskEvents } from '@herald/projections/agent-tasks';
import {
  accountEvents,
  content,
  organizationEvents,
  postEvents,
  type ProjectionTestBed,
} from '@herald/projections/support';
import { notificationsProjection } from './notifications.projection';
import { memberEvents } from './testing/member-events';

const ORG = 'org-1';
const x: PostTarget = { accountId: 'acc-x', platform: 'x' };

async function seed(bed: ProjectionTestBed): Promise<void> {
  await bed.append(`organization-${ORG}`, [
    organizationEvents.created(ORG),
    memberEvents.added(ORG, 'user-admin', 'admin'),
    memberEvents.added(ORG, 'user-author', 'editor'),
  ]);
  await bed.append('socialAccount-acc-x', [
    accountEvents.connected('acc-x', ORG, 'x'),
    accountEvents.tokenRefreshFailed('acc-x', 'timeout', false, '2030-02-01T00:00:00.000Z'),
    accountEvents.tokenRefreshFailed('acc-x', 'timeout', false, '2030-02-01T00:05:00.000Z'),
    accountEvents.expired('acc-x', 'gone', '2030-02-02T00:00:00.000Z'),
  ]);
  await bed.append('post-p1', [
    postEvents.drafted('p1', ORG, content('Hello')),
    postEvents.failedFinally(x, 0, 4, 'rejected', '2030-02-01T09:00:00.000Z'),
  ]);
  await bed.append('agentTask-t1', [
    taskEvents.requested('t1', ORG, 'content_creator', 'user-author'),
    taskEvents.started('t1'),
    taskEvents.completed('t1', 'm', 1, 1, 1),
  ]);
}

/** Event ids are random per log; the sequence (global position) identifies the raising event as well. */
function bySequence(snapshot: Record<string, AnyDocument[]>): Record<string, AnyDocument[]> {
  const notifications = snapshot['notifications.notifications'].map((document) => ({
    ...document,
    _id: `${String(document.sequence)}:${String(document.userId)}`,
    notificationId: String(document.sequence),
  }));
  return { ...snapshot, 'notifications.notifications': notifications };
}

describe('notificationsProjection on a store without atomic batches', () => {
  it('recovers from a crash between any two writes without losing or repeating a notification', async () => {
    const { expected, recovered } = await crashAtEveryWrite(notificationsProjection, seed, bySequence);

    expect(
      expected['notifications.notifications'].map((document) => [document.kind, document.userId]),
    ).toEqual([
      ['account.refreshFailed', 'user-admin'],
      ['account.needsReconnect', 'user-admin'],
      ['post.failed', 'user-admin'],
      ['post.failed', 'user-author'],
      ['agentTask.completed', 'user-author'],
    ]);
    expect(recovered.length).toBeGreaterThan(15);
    for (const { writes, documents } of recovered)
      expect({ writes, documents }).toEqual({ writes, documents: expected });
  }, 120_000);
});
