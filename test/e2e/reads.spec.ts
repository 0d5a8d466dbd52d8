import { CommandBus } from '@nestjs/cqrs';
import type { RequestMetadata } from '@herald/commands';
import { DraftPostCommand, type PostCommandResult } from '@herald/posts';
import { bootHeraldApi, errorCode, type HeraldApi } from './support/herald-api';
import { type Member, members } from './support/members';

const REQUEST_TASK = `mutation ($kind: AgentTaskKind!, $input: JSONObject!, $key: String) {
  requestAgentTask(kind: $kind, input: $input, idempotencyKey: $key) { taskId revision }
}`;
const AGENT_TASKS = `query ($status: [AgentTaskStatus!]) {
  agentTasks(status: $status) { items { id kind status requestedBy tokensIn feedback { rating used } } nextCursor }
}`;
const AUDIT_LOG = `query ($resourceType: String, $resourceId: ID, $actions: [String!], $correlationId: ID) {
  auditLog(resourceType: $resourceType, resourceId: $resourceId, actions: $actions, correlationId: $correlationId) {
    items { eventId action resourceType resourceId actorKind actorId correlationId personalFields summary hash }
    nextCursor
  }
}`;

const PERIOD = { from: '2026-03-01', to: '2026-03-07' };

/** Polls until `done` holds, for outcomes of background work (the agent runner). */
async function until(done: () => Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('timed out waiting for the background work');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

let sequence = 0;

describe('analytics, notifications, agent tasks and audit reads over GraphQL', () => {
  let api: HeraldApi;

  const { organization, join } = members(() => api, {
    email: (name) => {
      sequence += 1;
      return `${name.replace(/\W/g, '')}.${sequence}.reads@example.com`;
    },
    timeZone: 'Europe/Paris',
  });

  beforeAll(async () => {
    api = await bootHeraldApi();
  });
  afterAll(() => api.close());

  const metadata = (
    org: Member,
    actor: RequestMetadata['actor'],
    correlationId = `reads-${Math.random()}`,
  ): RequestMetadata => ({
    tenantId: org.organizationId,
    actor,
    correlationId,
    causationId: null,
  });

  async function draftPost(org: Member, text: string, correlationId?: string): Promise<string> {
    const result = await api.app
      .get(CommandBus)
      .execute<DraftPostCommand, PostCommandResult>(
        new DraftPostCommand(
          org.organizationId,
          'admin',
          { text, title: null, media: [], hashtags: [], mentions: [], links: [] },
          {},
          metadata(org, { kind: 'user', id: org.userId }, correlationId),
        ),
      );
    return result.postId;
  }

  it('requests an agent task that then appears in agentTasks, is rated, and stays invisible to other tenants', async () => {
    const org = await organization('Umbrella');
    const other = await organization('Cyberdyne');
    const first = await api.call<{ requestAgentTask: { taskId: string; revision: number } }>(
      REQUEST_TASK,
      { kind: 'performance_tracker', input: PERIOD, key: 'march-review-1' },
      org.token,
    );
    expect(first.errors).toBeUndefined();
    const taskId = first.data?.requestAgentTask.taskId ?? '';
    // A retry with the same key is the same task, not a second one.
    const retried = await api.call<{ requestAgentTask: { taskId: string } }>(
      REQUEST_TASK,
      { kind: 'performance_tracker', input: PERIOD, key: 'march-review-1' },
      org.token,
    );
    expect(retried.data?.requestAgentTask.taskId).toBe(taskId);

    await api.caughtUp();
    const listed = await api.call<{
      agentTasks: { items: { id: string; kind: string; status: string; requestedBy: string }[] };
    }>(AGENT_TASKS, {}, org.token);
    expect(listed.errors).toBeUndefined();
    expect(listed.data?.agentTasks.items).toEqual([
      expect.objectContaining({
        id: taskId,
        kind: 'performance_tracker',
        status: expect.stringMatching(/^(requested|running|completed)$/),
        requestedBy: org.userId,
      }),
    ]);
    expect(
      (await api.call<{ agentTasks: { items: unknown[] } }>(AGENT_TASKS, {}, other.token)).data?.agentTasks
        .items,
    ).toEqual([]);
    expect(
      errorCode(
        await api.call(`query ($id: ID!) { agentTask(id: $id) { id } }`, { id: taskId }, other.token),
      ),
    ).toBe('NOT_FOUND');
    expect(
      errorCode(
        await api.call(
          `mutation ($id: ID!) { cancelAgentTask(id: $id) { taskId } }`,
          { id: taskId },
          other.token,
        ),
      ),
    ).toBe('NOT_FOUND');

    // The embedded worker's agent runner does the work; performance_tracker needs no language model.
    await until(async () => {
      const polled = await api.call<{ agentTask: { status: string } }>(
        `query ($id: ID!) { agentTask(id: $id) { status } }`,
        { id: taskId },
        org.token,
      );
      return polled.data?.agentTask.status === 'completed';
    });
    const rated = await api.call(
      `mutation ($id: ID!) { rateAgentTask(id: $id, rating: 4, comment: "good start", used: true, idempotencyKey: "rate-1") { taskId revision } }`,
      { id: taskId },
      org.token,
    );
    expect(rated.errors).toBeUndefined();

    await api.caughtUp();
    const task = await api.call<{ agentTask: Record<string, unknown> }>(
      `query ($id: ID!) { agentTask(id: $id) { id status feedback { rating comment used } } }`,
      { id: taskId },
      org.token,
    );
    expect(task.data?.agentTask).toEqual({
      id: taskId,
      status: 'completed',
      feedback: { rating: 4, comment: 'good start', used: true },
    });
    const month = new Date().toISOString().slice(0, 7);
    const usage = await api.call<{ aiUsage: { month: string; tokens: number; completedTasks: number } }>(
      `query ($month: String!) { aiUsage(month: $month) { month tokens completedTasks costUsdMicros byKind { kind tokensIn } } }`,
      { month },
      org.token,
    );
    expect(usage.errors).toBeUndefined();
    expect(usage.data?.aiUsage).toMatchObject({ month, completedTasks: 1 });

    // The completion raised a notification for the requester only.
    const notifications = await api.call<{
      notifications: { items: { id: string; kind: string; read: boolean }[] };
    }>(`{ notifications { items { id kind read subject { type id } } nextCursor } }`, undefined, org.token);
    expect(notifications.data?.notifications.items).toEqual([
      expect.objectContaining({
        kind: 'agentTask.completed',
        read: false,
        subject: { type: 'agentTask', id: taskId },
      }),
    ]);
    const notificationId = notifications.data?.notifications.items[0]?.id;
    expect(
      (
        await api.call<{ unreadNotificationCount: number }>(
          `{ unreadNotificationCount }`,
          undefined,
          org.token,
        )
      ).data,
    ).toEqual({ unreadNotificationCount: 1 });
    expect(
      errorCode(
        await api.call(
          `mutation ($id: ID!) { markNotificationRead(id: $id) { marked } }`,
          { id: notificationId },
          other.token,
        ),
      ),
    ).toBe('NOT_FOUND');
    const marked = await api.call<{ markNotificationRead: { marked: number; unreadCount: number } }>(
      `mutation ($id: ID!) { markNotificationRead(id: $id, idempotencyKey: "read-1") { marked unreadCount } }`,
      { id: notificationId },
      org.token,
    );
    expect(marked.data?.markNotificationRead).toEqual({ marked: 1, unreadCount: 0 });
    const all = await api.call<{ markAllNotificationsRead: { marked: number; unreadCount: number } }>(
      `mutation { markAllNotificationsRead { marked unreadCount } }`,
      undefined,
      org.token,
    );
    expect(all.data?.markAllNotificationsRead).toEqual({ marked: 0, unreadCount: 0 });
    expect(
      (
        await api.call<{ notifications: { items: unknown[] } }>(
          `{ notifications(unreadOnly: true) { items { id } } }`,
          undefined,
          org.token,
        )
      ).data?.notifications.items,
    ).toEqual([]);
  });

  it('shows the audit log to compliance officers and admins, never to an editor or another tenant', async () => {
    const org = await organization('Wayne');
    const compliance = await join(org, 'Carla', 'compliance');
    const editor = await join(org, 'Eddie', 'editor');
    const other = await organization('Stark');
    const correlationId = `audit-${sequence}`;
    const postId = await draftPost(org, 'Quarterly report', correlationId);
    await api.caughtUp();

    const trail = await api.call<{ auditLog: { items: Record<string, unknown>[] } }>(
      AUDIT_LOG,
      { resourceType: 'post', resourceId: postId },
      compliance.token,
    );
    expect(trail.errors).toBeUndefined();
    expect(trail.data?.auditLog.items).toEqual([
      expect.objectContaining({
        action: 'post.drafted',
        resourceType: 'post',
        resourceId: postId,
        actorKind: 'user',
        actorId: org.userId,
        correlationId,
      }),
    ]);
    expect(
      (await api.call<{ auditLog: { items: unknown[] } }>(AUDIT_LOG, { correlationId }, org.token)).data
        ?.auditLog.items,
    ).toHaveLength(1);
    expect(errorCode(await api.call(AUDIT_LOG, { resourceId: postId }, editor.token))).toBe('AUTH.FORBIDDEN');
    expect(
      (await api.call<{ auditLog: { items: unknown[] } }>(AUDIT_LOG, { resourceId: postId }, other.token))
        .data?.auditLog.items,
    ).toEqual([]);
    expect(errorCode(await api.call(AUDIT_LOG, { actions: ['not an action'] }, compliance.token))).toBe(
      'VALIDATION.FAILED',
    );
  });

  it('answers analytics queries from the analytics projection, scoped to the organization', async () => {
    const org = await organization('Hooli');
    const other = await organization('Pied Piper');
    const postId = await draftPost(org, 'Compression is everything');
    await api.caughtUp();

    const post = await api.call<{ postAnalytics: Record<string, unknown> }>(
      `query ($id: ID!) { postAnalytics(postId: $id) { postId excerpt deleted firstPublishedAt metrics { impressions likes } engagementRate publications { publicationId } } }`,
      { id: postId },
      org.token,
    );
    expect(post.errors).toBeUndefined();
    expect(post.data?.postAnalytics).toEqual({
      postId,
      excerpt: 'Compression is everything',
      deleted: false,
      firstPublishedAt: null,
      metrics: { impressions: 0, likes: 0 },
      engagementRate: null,
      publications: [],
    });
    expect(
      errorCode(
        await api.call(
          `query ($id: ID!) { postAnalytics(postId: $id) { postId } }`,
          { id: postId },
          other.token,
        ),
      ),
    ).toBe('NOT_FOUND');

    const period = { from: '2026-03-28', to: '2026-03-30' };
    const overview = await api.call<{
      analyticsOverview: { timeZone: string; daily: { date: string }[]; postsPublished: number };
    }>(
      `query ($from: String!, $to: String!) { analyticsOverview(from: $from, to: $to) { timeZone from to postsPublished publications daily { date metrics { reach } } byPlatform { platform } } }`,
      period,
      org.token,
    );
    expect(overview.errors).toBeUndefined();
    // The organization's zone comes from its settings as the projection recorded them.
    expect(overview.data?.analyticsOverview).toMatchObject({ timeZone: 'Europe/Paris', postsPublished: 0 });
    expect(overview.data?.analyticsOverview.daily.map((day) => day.date)).toEqual([
      '2026-03-28',
      '2026-03-29',
      '2026-03-30',
    ]);

    const best = await api.call<{ bestTimesToPost: { cells: unknown[]; best: unknown[] } }>(
      `query ($from: String!, $to: String!) { bestTimesToPost(from: $from, to: $to) { timeZone cells { weekday hour samples } best { weekday } } }`,
      period,
      org.token,
    );
    expect(best.data?.bestTimesToPost.cells).toHaveLength(168);
    const top = await api.call<{ topPosts: { posts: unknown[]; by: string } }>(
      `query ($from: String!, $to: String!) { topPosts(from: $from, to: $to, by: "likes") { by posts { postId } } }`,
      period,
      org.token,
    );
    expect(top.data?.topPosts).toEqual({ by: 'likes', posts: [] });
    const growth = await api.call<{ audienceGrowth: { accounts: unknown[] } }>(
      `query ($from: String!, $to: String!) { audienceGrowth(from: $from, to: $to) { timeZone accounts { accountId } } }`,
      period,
      org.token,
    );
    expect(growth.data?.audienceGrowth.accounts).toEqual([]);
    expect(
      errorCode(
        await api.call(
          `query ($id: ID!) { accountAnalytics(accountId: $id, from: "2026-03-01", to: "2026-03-02") { accountId } }`,
          { id: '0190b1d6-7c1e-7a4e-9c3e-2f1d6b5a4c3b' },
          org.token,
        ),
      ),
    ).toBe('NOT_FOUND');
    const backwards = await api.call(
      `query { analyticsOverview(from: "2026-03-30", to: "2026-03-01") { timeZone } }`,
      undefined,
      org.token,
    );
    expect(errorCode(backwards)).toBe('VALIDATION.FAILED');
    expect(
      errorCode(
        await api.call(
          `query { analyticsOverview(from: "yesterday", to: "2026-03-01") { timeZone } }`,
          undefined,
          org.token,
        ),
      ),
    ).toBe('VALIDATION.FAILED');
  });
});
