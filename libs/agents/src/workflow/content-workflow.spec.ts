import { SchedulePostCommand } from '@herald/posts';
import { type AgentsHarness, dataOf, startAgents } from '../../test/agents-harness';
import { type FakeOpenAi, startFakeOpenAi } from '../../test/fake-openai-server';
import type { BestTimeQuery, BestTimeSource, BestTimes } from '../stats/best-time.port';
import { ContentWorkflow } from './content-workflow';
import type { ScheduleRequest, ScheduleSink } from './schedule-sink.port';

const ANGLES = {
  summary: 'Picnic posts outperform sales posts.',
  angles: ['Weekend picnic checklist', 'Packing the baskets'],
};
const DRAFT = {
  text: 'Spring picnics are back, friends! Join us Saturday in the park. Book your spot today.',
  hashtags: ['picnic'],
  callToAction: 'Book your spot today.',
  variants: {},
};
const OPTIMIZED = {
  rewrite: 'Picnic season is here, friends! Saturday, the park, baskets ready. Book your spot today.',
  hashtags: ['picnic', 'springvibes'],
  predictedEngagementRate: 0.055,
  confidence: 'medium',
  reasons: ['Opens with the occasion', 'Concrete day and place'],
};

/** The organization's heatmap as the analytics projection would answer it. */
class FixedBestTimes implements BestTimeSource {
  readonly queries: BestTimeQuery[] = [];
  async bestTimes(query: BestTimeQuery): Promise<BestTimes> {
    this.queries.push(query);
    return {
      timeZone: 'Europe/Paris',
      minSamples: 3,
      best: [
        { weekday: 4, hour: 18, samples: 6, averageEngagementRate: 0.08 },
        { weekday: 2, hour: 9, samples: 4, averageEngagementRate: 0.05 },
      ],
    };
  }
}

/** Schedules through the real SchedulePost command with the facts the GraphQL edge would read. */
class CommandScheduleSink implements ScheduleSink {
  readonly calls: ScheduleRequest[] = [];
  constructor(private readonly harness: () => AgentsHarness) {}
  async schedule(request: ScheduleRequest) {
    this.calls.push(request);
    return this.harness().bus.execute(
      new SchedulePostCommand(
        request.postId,
        'editor',
        request.at,
        request.timeZone,
        null,
        request.platforms.map((platform) => ({
          accountId: `acct-${platform}`,
          platform,
          accountStatus: 'active' as const,
          dailyCap: 5,
          scheduledThatDay: 0,
        })),
        false,
        { limit: 30, scheduledPosts: 0 },
        request.metadata,
      ),
    );
  }
}

describe(ContentWorkflow.name, () => {
  let fake: FakeOpenAi;
  let sut: AgentsHarness;
  let sink: CommandScheduleSink;
  let bestTimes: FixedBestTimes;
  beforeEach(async () => {
    fake = await startFakeOpenAi();
    sink = new CommandScheduleSink(() => sut);
    bestTimes = new FixedBestTimes();
    sut = await startAgents({ llmBaseUrl: fake.baseUrl, bestTime: bestTimes, schedule: sink });
    fake.script(
      { kind: 'chat', content: JSON.stringify(ANGLES), promptTokens: 200, completionTokens: 40 },
      {
        kind: 'chat',
        content: JSON.stringify(DRAFT),
        promptTokens: 600,
        completionTokens: 80,
        model: 'gpt-4o-mini',
      },
      { kind: 'chat', content: JSON.stringify(OPTIMIZED), promptTokens: 300, completionTokens: 60 },
    );
  });
  afterEach(async () => {
    await sut.close();
    await fake.close();
  });

  const start = async () => {
    const requested = await sut.request('content_workflow', {
      topic: 'spring picnic',
      platforms: ['x', 'linkedin'],
      brief: 'Saturday in the park',
    });
    const outcome = await sut.runner.handle(requested);
    return { requested, taskId: dataOf<{ taskId: string }>(requested).taskId, outcome };
  };
  const postEvents = (postId: string) => sut.store.readStream(`post-${postId}`);

  it('chains trends, draft, optimization and slots as child tasks, then waits for a person before scheduling anything', async () => {
    const { taskId, outcome } = await start();

    expect(outcome).toMatchObject({
      status: 'awaiting_approval',
      taskId,
      proposal: {
        text: OPTIMIZED.rewrite,
        hashtags: ['picnic', 'springvibes'],
        timeZone: 'Europe/Paris',
        slots: [
          { at: '2026-03-12T17:00:00.000Z', local: 'Thu 18:00', timeZone: 'Europe/Paris' },
          { at: '2026-03-17T08:00:00.000Z', local: 'Tue 09:00', timeZone: 'Europe/Paris' },
        ],
      },
    });
    const proposal = (outcome as unknown as { proposal: { postId: string; childTasks: string[] } }).proposal;
    expect((await postEvents(proposal.postId)).map((event) => event.type)).toEqual([
      'post.drafted',
      'post.edited',
    ]);
    expect(sink.calls).toEqual([]);
    await expect(sut.runner.isWaitingForApproval(taskId)).resolves.toBe(true);

    // The trend angles reach the writer's request.
    const draftRequest = fake.chatRequests()[1].body.messages as { role: string; content: string }[];
    expect(draftRequest[1].content).toBe(
      'Topic: spring picnic\nPlatforms: x, linkedin\nBrief: Saturday in the park\nAngles that suit the organization now: Weekend picnic checklist; Packing the baskets',
    );
    expect(proposal.childTasks).toHaveLength(4);
    for (const [index, childId] of proposal.childTasks.entries()) {
      const events = await sut.events(childId);
      expect(events[0].data).toMatchObject({
        parentTaskId: taskId,
        kind: ['trend_analyzer', 'content_creator', 'engagement_optimizer', 'smart_scheduler'][index],
      });
      expect(events.at(-1)?.type).toBe('agentTask.completed');
      expect(events[0].metadata).toMatchObject({
        actor: { kind: 'agent', id: 'content_workflow' },
        correlationId: 'corr-eve-1',
      });
    }
    const [, creator] = proposal.childTasks;
    expect(dataOf((await sut.events(creator)).at(-1)!)).toMatchObject({
      tokensIn: 600,
      tokensOut: 80,
      costUsdMicros: 138,
    });
    expect((await sut.events(taskId)).map((event) => event.type).at(-1)).toBe('agentTask.stepRecorded');
  });

  it('schedules the draft through the posts context once approved, as the approver, and completes', async () => {
    const { taskId, outcome } = await start();
    const postId = (outcome as unknown as { proposal: { postId: string } }).proposal.postId;

    const decided = await sut.runner.decide(taskId, {
      approved: true,
      approverId: 'user-max',
      approverRole: 'manager',
    });

    expect(decided).toMatchObject({
      status: 'completed',
      result: {
        postId,
        approved: true,
        decidedBy: 'user-max',
        scheduled: { at: '2026-03-12T17:00:00.000Z', timeZone: 'Europe/Paris' },
      },
    });
    const events = await postEvents(postId);
    expect(events.map((event) => event.type)).toEqual(['post.drafted', 'post.edited', 'post.scheduled']);
    expect(events[2].metadata).toMatchObject({
      actor: { kind: 'user', id: 'user-max' },
      correlationId: 'corr-eve-1',
    });
    const parent = await sut.events(taskId);
    expect(
      parent
        .slice(-3)
        .map((event) => [
          event.type,
          (event.data as { name?: string; tool?: string }).name ??
            (event.data as { tool?: string }).tool ??
            null,
        ]),
    ).toEqual([
      ['agentTask.stepRecorded', 'workflow.approved'],
      ['agentTask.toolCallRecorded', 'posts.schedule'],
      ['agentTask.completed', null],
    ]);
    await expect(
      sut.runner.decide(taskId, { approved: true, approverId: 'user-max', approverRole: 'manager' }),
    ).rejects.toMatchObject({ code: 'AI.APPROVAL_NOT_PENDING' });
  });

  it('leaves the post a draft when the person rejects, and refuses approvals from viewers', async () => {
    const { taskId, outcome } = await start();
    const postId = (outcome as unknown as { proposal: { postId: string } }).proposal.postId;
    await expect(
      sut.runner.decide(taskId, { approved: true, approverId: 'user-vic', approverRole: 'viewer' }),
    ).rejects.toMatchObject({ code: 'AGENT_TASK.FORBIDDEN' });

    const decided = await sut.runner.decide(taskId, {
      approved: false,
      approverId: 'user-max',
      approverRole: 'manager',
      reason: 'not on brand',
    });

    expect(decided).toMatchObject({ status: 'completed', result: { approved: false, scheduled: null } });
    expect((await postEvents(postId)).map((event) => event.type)).toEqual(['post.drafted', 'post.edited']);
    expect(sink.calls).toEqual([]);
    const parent = await sut.events(taskId);
    expect(dataOf(parent.at(-2)!)).toMatchObject({
      name: 'workflow.rejected',
      summary: `rejected by user-max: not on brand; post ${postId} stays a draft`,
    });
  });

  it('fails the whole workflow when a child fails, keeping the child failure on its own stream', async () => {
    sut.budget.figures = { budgetTokens: 50_000, usedTokens: 49_990 };
    const requested = await sut.request('content_workflow', { topic: 'spring picnic', platforms: ['x'] });
    const taskId = dataOf<{ taskId: string }>(requested).taskId;

    const outcome = await sut.runner.handle(requested);

    // The trend analyzer's call (240 tokens) was allowed; the writer's call would go over the budget.
    expect(outcome).toMatchObject({ status: 'failed', code: 'AI.BUDGET_EXCEEDED' });
    expect(fake.chatRequests()).toHaveLength(1);
    const children = (await sut.events(taskId))
      .filter((event) => event.type === 'agentTask.stepRecorded')
      .map((event) => dataOf<{ name: string }>(event).name);
    expect(children).toEqual(['workflow.trends']);
    expect((await sut.events(taskId)).at(-1)?.type).toBe('agentTask.failed');
    const failedChildren = await Promise.all(
      (await sut.store.readAll())
        .filter((event) => event.type === 'agentTask.failed')
        .map((event) => event.streamId),
    );
    expect(failedChildren).toHaveLength(2);
  });
});
