import type { AgentTaskEvent } from '@herald/agent-tasks';
import type { OrganizationEvent } from '@herald/organizations';
import type { PostTarget } from '@herald/posts';
import {
  accountEvents,
  content,
  organizationEvents,
  postEvents,
  ProjectionTestBed,
} from '@herald/projections/support';
import { organizationUsageQueries, type OrganizationUsageQueries } from './organization-usage.queries';
import { organizationsProjection } from './organizations.projection';
import { organizationsQueries } from './organizations.queries';

const ORG = 'org-usage';
const OTHER = 'org-other';
const INVITEE_EMAIL = 'invitee.private@example.com';

const memberAdded = (organizationId: string, userId: string): OrganizationEvent => ({
  type: 'organization.memberAdded',
  schemaVersion: 1,
  data: { organizationId, userId, role: 'editor', via: 'invitation' },
});

const requested = (taskId: string, organizationId: string): AgentTaskEvent => ({
  type: 'agentTask.requested',
  schemaVersion: 1,
  data: {
    taskId,
    organizationId,
    kind: 'content_creator',
    input: { brief: 'spring launch' },
    requestedBy: 'user-ada',
    parentTaskId: null,
  },
});

const completed = (taskId: string, tokensIn: number, tokensOut: number): AgentTaskEvent => ({
  type: 'agentTask.completed',
  schemaVersion: 1,
  data: { taskId, result: { text: 'draft' }, model: 'gpt-test', tokensIn, tokensOut, costUsdMicros: 1200 },
});

describe('organization usage against the plan', () => {
  let bed: ProjectionTestBed;
  let sut: OrganizationUsageQueries;
  const target = (accountId: string): PostTarget => ({ accountId, platform: 'x' });

  beforeAll(async () => {
    bed = await ProjectionTestBed.open([organizationsProjection], { start: '2030-01-30T00:00:00.000Z' });
    await bed.append(
      `organization-${ORG}`,
      [
        {
          ...organizationEvents.created(ORG),
          data: { ...organizationEvents.created(ORG).data, plan: 'free' },
        },
      ],
      { tenantId: ORG },
    );
    await bed.append(
      `organization-${OTHER}`,
      [organizationEvents.created(OTHER), memberAdded(OTHER, 'user-zed')],
      { tenantId: OTHER },
    );
    await bed.append(
      `organization-${ORG}`,
      [
        memberAdded(ORG, 'user-ada'),
        memberAdded(ORG, 'user-bob'),
        memberAdded(ORG, 'user-cy'),
        {
          type: 'organization.memberRemoved',
          schemaVersion: 1,
          data: { organizationId: ORG, userId: 'user-cy', removedBy: 'user-ada' },
        },
        {
          type: 'organization.memberInvited',
          schemaVersion: 1,
          data: {
            organizationId: ORG,
            invitationId: 'inv-1',
            email: INVITEE_EMAIL,
            role: 'viewer',
            invitedBy: 'user-ada',
            tokenHash: 'b'.repeat(64),
            expiresAt: '2030-03-01T00:00:00.000Z',
          },
          personalFields: [{ path: 'email', subjectId: 'inv-1' }],
        },
      ],
      { tenantId: ORG },
    );
    for (const id of ['acct-1', 'acct-2', 'acct-3'])
      await bed.append(`socialAccount-${id}`, [accountEvents.connected(id, ORG, 'x')], { tenantId: ORG });
    await bed.append(
      'socialAccount-acct-3',
      [accountEvents.disconnected('acct-3', '2030-01-30T01:00:00.000Z')],
      { tenantId: ORG },
    );
    await bed.append('socialAccount-acct-9', [accountEvents.connected('acct-9', OTHER, 'linkedin')], {
      tenantId: OTHER,
    });

    const at = '2030-02-10T09:00:00.000Z';
    const scheduled = (postId: string, organizationId = ORG) =>
      bed.append(
        `post-${postId}`,
        [
          postEvents.drafted(postId, organizationId, content(`post ${postId}`)),
          postEvents.scheduled(at, 'UTC', [target('acct-1')]),
        ],
        { tenantId: organizationId },
      );
    for (const postId of ['p-waiting', 'p-moved', 'p-sent', 'p-cancelled', 'p-deleted'])
      await scheduled(postId);
    await scheduled('p-elsewhere', OTHER);
    await bed.append('post-p-moved', [postEvents.rescheduled(at, '2030-02-11T09:00:00.000Z', 'UTC')], {
      tenantId: ORG,
    });
    await bed.append(
      'post-p-sent',
      [
        postEvents.attemptStarted(target('acct-1'), 0, 1, at),
        postEvents.succeeded(target('acct-1'), 0, 1, at),
      ],
      { tenantId: ORG },
    );
    await bed.append('post-p-cancelled', [postEvents.cancelled()], { tenantId: ORG });
    await bed.append('post-p-deleted', [postEvents.deleted(at)], { tenantId: ORG });
    await bed.append('post-p-draft', [postEvents.drafted('p-draft', ORG, content('draft only'))], {
      tenantId: ORG,
    });

    // January's task completes on the 30th; February's two after the clock moves on.
    await bed.append('agentTask-t-jan', [requested('t-jan', ORG), completed('t-jan', 1_000, 500)], {
      tenantId: ORG,
    });
    bed.clock.set('2030-02-02T00:00:00.000Z');
    await bed.append('agentTask-t-feb', [requested('t-feb', ORG), completed('t-feb', 20_000, 4_000)], {
      tenantId: ORG,
    });
    await bed.append('agentTask-t-feb2', [requested('t-feb2', ORG), completed('t-feb2', 30_000, 6_000)], {
      tenantId: ORG,
    });
    await bed.append('agentTask-t-other', [requested('t-other', OTHER), completed('t-other', 9_999, 1)], {
      tenantId: OTHER,
    });
    await bed.start();
    await bed.caughtUp();
    sut = organizationUsageQueries(bed.catalog);
  });

  afterAll(() => bed.close());

  it('counts members, connected accounts, waiting posts and this month’s AI tokens against the plan', async () => {
    expect(await sut.usage(ORG, new Date('2030-02-15T00:00:00.000Z'))).toEqual({
      organizationId: ORG,
      plan: 'free',
      limits: { members: 3, socialAccounts: 3, scheduledPosts: 30, aiTokensPerMonth: 50_000 },
      members: { used: 2, limit: 3, remaining: 1, exceeded: false },
      socialAccounts: { used: 2, limit: 3, remaining: 1, exceeded: false },
      scheduledPosts: { used: 2, limit: 30, remaining: 28, exceeded: false },
      aiTokens: {
        used: 60_000,
        limit: 50_000,
        remaining: 0,
        exceeded: true,
        month: '2030-02',
        completedTasks: 2,
      },
    });
    expect((await sut.usage(ORG, new Date('2030-01-31T00:00:00.000Z')))?.aiTokens).toMatchObject({
      used: 1_500,
      month: '2030-01',
    });
  });

  it('follows plan changes, and keeps each organization to its own figures', async () => {
    await bed.append(
      `organization-${ORG}`,
      [
        {
          type: 'organization.planChanged',
          schemaVersion: 1,
          data: { organizationId: ORG, from: 'free', to: 'pro' },
        },
      ],
      { tenantId: ORG },
    );
    await bed.caughtUp();
    expect(await sut.usage(ORG, new Date('2030-02-15T00:00:00.000Z'))).toMatchObject({
      plan: 'pro',
      aiTokens: { used: 60_000, limit: 2_000_000, exceeded: false },
    });
    expect(await sut.usage(OTHER, new Date('2030-02-15T00:00:00.000Z'))).toMatchObject({
      plan: 'pro',
      members: { used: 1 },
      socialAccounts: { used: 1 },
      scheduledPosts: { used: 1 },
      aiTokens: { used: 10_000, completedTasks: 1 },
    });
    expect(await sut.usage('org-unknown', new Date())).toBeNull();
    await expect(sut.usage('', new Date())).rejects.toMatchObject({ code: 'VALIDATION.FAILED' });
  });

  it('lists members and pending invitations without any personal data of the invitee', async () => {
    const queries = organizationsQueries(bed.catalog);
    expect((await queries.members(ORG)).map(({ userId, role }) => [userId, role])).toEqual([
      ['user-ada', 'editor'],
      ['user-bob', 'editor'],
    ]);
    expect(
      (await queries.pendingInvitations(ORG, new Date('2030-02-15T00:00:00.000Z'))).map(({ id, role }) => [
        id,
        role,
      ]),
    ).toEqual([['inv-1', 'viewer']]);
    const everything = JSON.stringify(await bed.snapshot());
    expect(everything).not.toContain(INVITEE_EMAIL);
    expect(everything).not.toContain('access-secret');
    expect(everything).not.toContain('spring launch');
  });

  it('builds the same documents when run again, from a rebuild or from a replay over its own documents', async () => {
    const before = await bed.snapshot();
    await bed.rebuild('organizations');
    expect(await bed.snapshot()).toEqual(before);
    await bed.replayFromStart('organizations');
    expect(await bed.snapshot()).toEqual(before);
  });
});
