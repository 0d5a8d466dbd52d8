import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CancelAgentTaskCommand } from '@herald/agent-tasks';
import { SchedulePostCommand } from '@herald/posts';
import { type AgentsHarness, dataOf, llmClient, startAgents } from '../../test/agents-harness';
import { type FakeOpenAi, startFakeOpenAi } from '../../test/fake-openai-server';
import { ALL_AGENTS } from '../agents/all-agents';
import { AgentRunner } from '../runner/agent-runner';
import type { BestTimeSource, BestTimes } from '../stats/best-time.port';
import type { ScheduleRequest, ScheduleSink } from './schedule-sink.port';
import { openSqliteWorkflowCheckpointer, type WorkflowCheckpointer } from './sqlite-workflow-checkpointer';

const bestTimes: BestTimeSource = {
  bestTimes: async (): Promise<BestTimes> => ({
    timeZone: 'Europe/Paris',
    minSamples: 3,
    best: [{ weekday: 4, hour: 18, samples: 6, averageEngagementRate: 0.08 }],
  }),
};

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

describe(openSqliteWorkflowCheckpointer.name, () => {
  let dir: string;
  let file: string;
  let fake: FakeOpenAi;
  let sut: AgentsHarness;
  let sink: CommandScheduleSink;
  const opened: WorkflowCheckpointer[] = [];
  const open = () => {
    const checkpointer = openSqliteWorkflowCheckpointer(file);
    opened.push(checkpointer);
    return checkpointer;
  };

  /** A new runner on the same stores and the same checkpoint file: what a restarted worker builds. */
  const restartedRunner = () => {
    for (const checkpointer of opened.splice(0)) checkpointer.close();
    return new AgentRunner({
      commands: sut.bus,
      llm: llmClient(fake.baseUrl),
      budget: sut.budget,
      clock: sut.clock,
      agents: ALL_AGENTS,
      services: { memory: sut.memory, bestTime: bestTimes, performance: null },
      workflow: { schedule: sink, checkpointer: open().checkpointer },
    });
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'herald-workflow-state-'));
    file = join(dir, 'data', 'agent-workflows.sqlite');
    fake = await startFakeOpenAi();
    sink = new CommandScheduleSink(() => sut);
    sut = await startAgents({
      llmBaseUrl: fake.baseUrl,
      bestTime: bestTimes,
      schedule: sink,
      checkpointer: open().checkpointer,
    });
    fake.script(
      { kind: 'chat', content: JSON.stringify({ summary: 'Picnics work.', angles: ['Checklist'] }) },
      {
        kind: 'chat',
        content: JSON.stringify({
          text: 'Spring picnics are back! Join us Saturday in the park. Book your spot today.',
          hashtags: ['picnic'],
          callToAction: 'Book your spot today.',
          variants: {},
        }),
      },
      {
        kind: 'chat',
        content: JSON.stringify({
          rewrite: 'Picnic season: Saturday, the park, baskets ready!',
          hashtags: ['picnic'],
          predictedEngagementRate: 0.05,
          confidence: 'medium',
          reasons: ['Opens with the occasion'],
        }),
      },
    );
  });
  afterEach(async () => {
    for (const checkpointer of opened.splice(0)) checkpointer.close();
    await sut.close();
    await fake.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const park = async () => {
    const requested = await sut.request('content_workflow', { topic: 'spring picnic', platforms: ['x'] });
    const outcome = await sut.runner.handle(requested);
    expect(outcome).toMatchObject({ status: 'awaiting_approval' });
    const taskId = dataOf<{ taskId: string }>(requested).taskId;
    const postId = (outcome as unknown as { proposal: { postId: string } }).proposal.postId;
    return { taskId, postId };
  };

  it('lets a restarted worker resume a parked workflow: the approval schedules the post and completes the task', async () => {
    const { taskId, postId } = await park();

    const restarted = restartedRunner();
    await expect(restarted.isWaitingForApproval(taskId)).resolves.toBe(true);
    const decided = await restarted.decide(taskId, {
      approved: true,
      approverId: 'user-max',
      approverRole: 'manager',
    });

    expect(decided).toMatchObject({
      status: 'completed',
      taskId,
      result: {
        postId,
        approved: true,
        decidedBy: 'user-max',
        scheduled: { at: '2026-03-12T17:00:00.000Z', timeZone: 'Europe/Paris' },
      },
    });
    expect(sink.calls).toHaveLength(1);
    expect((await sut.store.readStream(`post-${postId}`)).map((event) => event.type)).toEqual([
      'post.drafted',
      'post.edited',
      'post.scheduled',
    ]);
    expect((await sut.events(taskId)).at(-1)?.type).toBe('agentTask.completed');
    // No chat request was made again: the children's results came from the checkpoint.
    expect(fake.chatRequests()).toHaveLength(3);
    await expect(
      restartedRunner().decide(taskId, { approved: true, approverId: 'user-max', approverRole: 'manager' }),
    ).rejects.toMatchObject({ code: 'AI.APPROVAL_NOT_PENDING' });
  });

  it('forgets a parked workflow once it is cancelled, even across a restart', async () => {
    const { taskId } = await park();
    await sut.bus.execute(
      new CancelAgentTaskCommand(taskId, 'changed our minds', 'editor', {
        tenantId: (await sut.events(taskId))[0].metadata.tenantId,
        actor: { kind: 'user', id: 'user-eve' },
        correlationId: 'corr-eve-2',
        causationId: null,
      }),
    );
    const cancelled = (await sut.events(taskId)).at(-1)!;
    expect(cancelled.type).toBe('agentTask.cancelled');
    await sut.runner.handle(cancelled);

    const restarted = restartedRunner();
    await expect(restarted.isWaitingForApproval(taskId)).resolves.toBe(false);
    await expect(
      restarted.decide(taskId, { approved: true, approverId: 'user-max', approverRole: 'manager' }),
    ).rejects.toMatchObject({ code: 'AI.APPROVAL_NOT_PENDING' });
    expect(sink.calls).toEqual([]);
  });
});
