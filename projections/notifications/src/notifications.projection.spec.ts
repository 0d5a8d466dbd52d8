import type { PostTarget } from '@herald/posts';
import { FixedClock } from '@herald/shared-kernel';
import {
  accountEvents,
  content,
  organizationEvents,
  postEvents,
  ProjectionTestBed,
  type AppendMetadata,
} from '@herald/projections/support';
import { replayFromStart } from '@herald/projections/analytics';
import { taskEvents } from '@herald/projections/agent-tasks';
import { notificationsProjection } from './notifications.projection';
import { notificationsQueries, type NotificationsQueries } from './notifications.queries';
import { memberEvents } from './testing/member-events';

const ORG = 'org-a';
const OTHER = 'org-b';
const AUTHOR = 'user-author';
const instagram: PostTarget = { accountId: 'acc-ig', platform: 'instagram' };
const x: PostTarget = { accountId: 'acc-x', platform: 'x' };
const inOrg: AppendMetadata = { tenantId: ORG };
const system: AppendMetadata = { tenantId: ORG, actor: { kind: 'system', id: 'token-refresher' } };

async function seed(bed: ProjectionTestBed): Promise<void> {
  await bed.append(
    `organization-${ORG}`,
    [
      organizationEvents.created(ORG),
      memberEvents.added(ORG, 'user-admin', 'admin'),
      memberEvents.added(ORG, 'user-manager', 'manager'),
      memberEvents.added(ORG, AUTHOR, 'editor'),
      memberEvents.added(ORG, 'user-viewer', 'viewer'),
    ],
    inOrg,
  );
  await bed.append(
    `organization-${OTHER}`,
    [organizationEvents.created(OTHER), memberEvents.added(OTHER, AUTHOR, 'admin')],
    { tenantId: OTHER },
  );
  await bed.append('socialAccount-acc-ig', [accountEvents.connected('acc-ig', ORG, 'instagram')], inOrg);
  await bed.append(
    'socialAccount-acc-x',
    [accountEvents.connected('acc-x', ORG, 'x', { tokenExpiresAt: '2030-02-28T00:00:00.000Z' })],
    inOrg,
  );
  await bed.append(
    'post-p1',
    [
      postEvents.drafted('p1', ORG, content('Spring launch is here')),
      postEvents.publishRequested([instagram, x], 0, '2030-02-01T09:00:00.000Z'),
      postEvents.succeeded(instagram, 0, 1, '2030-02-01T09:00:01.000Z'),
      postEvents.failedFinally(x, 0, 4, 'The platform rejected the media', '2030-02-01T09:20:00.000Z'),
    ],
    inOrg,
  );
}

const titles = async (sut: NotificationsQueries, userId: string, organizationId = ORG) =>
  (await sut.list({ organizationId, userId })).items.map((item) => item.title);

describe('notificationsProjection', () => {
  let bed: ProjectionTestBed;
  let sut: NotificationsQueries;

  beforeEach(async () => {
    bed = await ProjectionTestBed.open([notificationsProjection]);
    await bed.start();
    await seed(bed);
    await bed.caughtUp();
    sut = notificationsQueries(bed.readStore, bed.catalog, {
      clock: new FixedClock(new Date('2030-02-02T08:00:00.000Z')),
    });
  });

  afterEach(async () => {
    await bed.close();
  });

  it('tells authors about their posts and the leads about failures, newest first', async () => {
    expect(await titles(sut, AUTHOR)).toEqual([
      'Could not publish on X (@x-brand)',
      'Published on Instagram (@instagram-brand)',
    ]);
    expect(await titles(sut, 'user-admin')).toEqual(['Could not publish on X (@x-brand)']);
    expect(await titles(sut, 'user-manager')).toEqual(['Could not publish on X (@x-brand)']);
    expect(await titles(sut, 'user-viewer')).toEqual([]);
    expect(await titles(sut, AUTHOR, OTHER)).toEqual([]);
    const [failed, published] = (await sut.list({ organizationId: ORG, userId: AUTHOR })).items;
    expect(failed).toMatchObject({
      kind: 'post.failed',
      severity: 'error',
      body: '“Spring launch is here”: The platform rejected the media',
      subject: { type: 'post', id: 'p1' },
      read: false,
    });
    expect(published).toMatchObject({
      kind: 'post.published',
      severity: 'info',
      url: 'https://instagram.example/p/acc-ig-0',
    });
  });

  it('raises one alert per account trouble until it clears', async () => {
    await bed.append(
      'socialAccount-acc-x',
      [
        accountEvents.tokenRefreshFailed('acc-x', 'timeout', false, '2030-02-02T00:00:00.000Z'),
        accountEvents.tokenRefreshFailed('acc-x', 'timeout again', false, '2030-02-02T00:05:00.000Z'),
        accountEvents.tokensRefreshed('acc-x', '2030-04-01T00:00:00.000Z', '2030-02-02T00:10:00.000Z'),
        accountEvents.tokenRefreshFailed('acc-x', 'timeout', false, '2030-03-30T00:00:00.000Z'),
        accountEvents.tokenRefreshFailed('acc-x', 'invalid_grant', true, '2030-03-30T01:00:00.000Z'),
        accountEvents.expired('acc-x', 'token expired', '2030-04-01T00:00:00.000Z'),
      ],
      system,
    );
    await bed.caughtUp();

    const alerts = (await sut.list({ organizationId: ORG, userId: 'user-manager' })).items.filter(
      (item) => item.subject.type === 'socialAccount',
    );
    expect(alerts.map((item) => [item.kind, item.body])).toEqual([
      ['account.needsReconnect', 'invalid_grant Posts to it will fail until it is reconnected.'],
      ['account.refreshFailed', 'timeout Herald keeps retrying; reconnect the account if this persists.'],
      ['account.refreshFailed', 'timeout Herald keeps retrying; reconnect the account if this persists.'],
    ]);
    expect(alerts[0].title).toBe('Reconnect @x-brand on X');
    expect(await titles(sut, AUTHOR)).toHaveLength(2);
  });

  it('tells the requester when an agent task ends, and the leads when nobody asked', async () => {
    await bed.append(
      'agentTask-t1',
      [taskEvents.requested('t1', ORG, 'content_workflow', AUTHOR), taskEvents.started('t1')],
      inOrg,
    );
    await bed.append(
      'agentTask-t2',
      [
        taskEvents.requested('t2', ORG, 'content_creator', 'agent-runtime', 't1'),
        taskEvents.started('t2'),
        taskEvents.completed('t2', 'gpt-4.1', 1, 1, 1),
      ],
      inOrg,
    );
    await bed.append(
      'agentTask-t1',
      [taskEvents.completed('t1', 'gpt-4.1', 1, 1, 1, 'Three drafts ready for review')],
      inOrg,
    );
    await bed.append(
      'agentTask-t3',
      [
        taskEvents.requested('t3', ORG, 'trend_analyzer', 'system-scheduler'),
        taskEvents.failed('t3', 'No LLM is configured'),
      ],
      system,
    );
    await bed.caughtUp();

    const [completed] = (await sut.list({ organizationId: ORG, userId: AUTHOR })).items;
    expect(completed).toMatchObject({
      kind: 'agentTask.completed',
      title: 'Content workflow finished',
      body: 'Three drafts ready for review',
      subject: { type: 'agentTask', id: 't1' },
    });
    expect(await titles(sut, AUTHOR)).toHaveLength(3);
    expect((await titles(sut, 'user-admin'))[0]).toBe('Trend analyzer failed');
    expect(await titles(sut, 'user-viewer')).toEqual([]);
  });

  it('follows membership as of each event', async () => {
    await bed.append(
      `organization-${ORG}`,
      [
        memberEvents.removed(ORG, 'user-manager'),
        memberEvents.roleChanged(ORG, 'user-viewer', 'viewer', 'manager'),
        memberEvents.added(ORG, 'user-late', 'admin'),
      ],
      inOrg,
    );
    await bed.append(
      'post-p1',
      [postEvents.failedFinally(instagram, 1, 4, 'Rate limited for good', '2030-02-03T09:00:00.000Z')],
      inOrg,
    );
    await bed.caughtUp();

    expect(await titles(sut, 'user-manager')).toEqual(['Could not publish on X (@x-brand)']);
    expect(await titles(sut, 'user-viewer')).toEqual(['Could not publish on Instagram (@instagram-brand)']);
    expect(await titles(sut, 'user-late')).toEqual(['Could not publish on Instagram (@instagram-brand)']);
  });

  it('keeps read state per user: single marks, mark all, and later arrivals unread', async () => {
    expect(await sut.unreadCount({ organizationId: ORG, userId: AUTHOR })).toBe(2);
    const [failed, published] = (await sut.list({ organizationId: ORG, userId: AUTHOR })).items;

    expect(
      await sut.markRead({
        organizationId: ORG,
        userId: AUTHOR,
        notificationIds: [published.notificationId],
      }),
    ).toEqual({ marked: 1 });
    expect(
      await sut.markRead({
        organizationId: ORG,
        userId: AUTHOR,
        notificationIds: [published.notificationId],
      }),
    ).toEqual({ marked: 0 });
    expect(await sut.unreadCount({ organizationId: ORG, userId: AUTHOR })).toBe(1);
    expect(await sut.unreadCount({ organizationId: ORG, userId: 'user-admin' })).toBe(1);
    expect((await sut.list({ organizationId: ORG, userId: AUTHOR })).items.map((item) => item.read)).toEqual([
      false,
      true,
    ]);
    expect(
      (await sut.list({ organizationId: ORG, userId: AUTHOR, unreadOnly: true })).items.map(
        (item) => item.notificationId,
      ),
    ).toEqual([failed.notificationId]);
    // Reading a notification someone else got is not a way to learn it exists.
    await expect(
      sut.markRead({ organizationId: ORG, userId: 'user-viewer', notificationIds: [failed.notificationId] }),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });

    expect(await sut.markAllRead({ organizationId: ORG, userId: AUTHOR })).toEqual({
      readUpTo: failed.sequence,
    });
    expect(await sut.unreadCount({ organizationId: ORG, userId: AUTHOR })).toBe(0);
    await bed.append('post-p1', [postEvents.succeeded(x, 0, 5, '2030-02-02T10:00:00.000Z')], inOrg);
    await bed.caughtUp();
    expect(await sut.unreadCount({ organizationId: ORG, userId: AUTHOR })).toBe(1);
    expect((await sut.list({ organizationId: ORG, userId: AUTHOR })).items.map((item) => item.read)).toEqual([
      false,
      true,
      true,
    ]);

    // Read marks are not the projection's: a rebuild keeps them.
    await bed.rebuild(notificationsProjection.name);
    expect(await sut.unreadCount({ organizationId: ORG, userId: AUTHOR })).toBe(1);
    expect(await sut.unreadCount({ organizationId: ORG, userId: 'user-admin' })).toBe(1);
  });

  it('lists tokens about to expire, since no event announces them', async () => {
    expect(
      await sut.tokenExpiries({ organizationId: ORG, now: '2030-02-26T00:00:00.000Z', withinHours: 72 }),
    ).toEqual([
      {
        accountId: 'acc-x',
        platform: 'x',
        handle: '@x-brand',
        tokenExpiresAt: '2030-02-28T00:00:00.000Z',
        expired: false,
      },
    ]);
    expect(
      await sut.tokenExpiries({ organizationId: ORG, now: '2030-02-20T00:00:00.000Z', withinHours: 72 }),
    ).toEqual([]);
  });

  it('reaches identical documents when the log is applied again, after a restart and in a rebuild', async () => {
    await bed.append(
      'socialAccount-acc-x',
      [accountEvents.tokenRefreshFailed('acc-x', 'timeout', false, '2030-02-02T00:00:00.000Z')],
      system,
    );
    await bed.append(
      'agentTask-t1',
      [
        taskEvents.requested('t1', ORG, 'content_creator', AUTHOR),
        taskEvents.started('t1'),
        taskEvents.failed('t1', 'boom'),
      ],
      inOrg,
    );
    await bed.caughtUp();
    const first = await bed.snapshot();
    expect(first['notifications.notifications']).toHaveLength(7);

    await replayFromStart(bed, notificationsProjection);
    expect(await bed.snapshot()).toEqual(first);
    await bed.restart();
    expect(await bed.snapshot()).toEqual(first);
    await bed.rebuild(notificationsProjection.name);
    const strip = (snapshot: typeof first) =>
      JSON.stringify(
        Object.values(snapshot).map((documents) => documents.map(({ _position: _, ...rest }) => rest)),
      );
    expect(strip(await bed.snapshot())).toEqual(strip(first));
  });
});
