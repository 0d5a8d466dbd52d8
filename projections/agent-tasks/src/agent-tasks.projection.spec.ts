import { erasedValue } from '@herald/event-store';
import { organizationEvents, ProjectionTestBed, type AppendMetadata } from '@herald/projections/support';
import type { DomainEvent } from '@herald/shared-kernel';
import { replayFromStart } from '@herald/projections/analytics';
import { agentTasksProjection } from './agent-tasks.projection';
import { agentTasksQueries, type AgentTasksQueries } from './agent-tasks.queries';
import { planEvents, taskEvents } from './testing/agent-task-events';

const ORG = 'org-a';
const OTHER = 'org-b';
const agent = { actor: { kind: 'agent' as const, id: 'agent-runtime' }, tenantId: ORG };
const user = { actor: { kind: 'user' as const, id: 'user-editor' }, tenantId: ORG };

async function at(
  bed: ProjectionTestBed,
  instant: string,
  streamId: string,
  events: readonly DomainEvent[],
  metadata: AppendMetadata = agent,
): Promise<void> {
  bed.clock.set(instant);
  await bed.append(streamId, events, metadata);
}

async function seed(bed: ProjectionTestBed): Promise<void> {
  await bed.append(`organization-${ORG}`, [organizationEvents.created(ORG, { timeZone: 'Europe/Paris' })], {
    tenantId: ORG,
  });
  await bed.append(`organization-${OTHER}`, [organizationEvents.created(OTHER)], { tenantId: OTHER });
  await at(
    bed,
    '2030-01-10T10:00:00.000Z',
    'agentTask-t1',
    [taskEvents.requested('t1', ORG, 'content_workflow')],
    user,
  );
  await at(bed, '2030-01-10T10:00:02.000Z', 'agentTask-t1', [taskEvents.started('t1')]);
  await at(bed, '2030-01-10T10:00:03.000Z', 'agentTask-t2', [
    taskEvents.requested('t2', ORG, 'content_creator', 'agent-runtime', 't1'),
  ]);
  await at(bed, '2030-01-10T10:00:04.000Z', 'agentTask-t2', [
    taskEvents.started('t2'),
    taskEvents.step('t2', 0, 'research'),
    taskEvents.toolCall('t2', 0, true, 100),
    taskEvents.toolCall('t2', 1, false, 200),
    taskEvents.toolCall('t2', 2, true, 50),
    taskEvents.step('t2', 1, 'draft'),
  ]);
  await at(bed, '2030-01-10T10:00:34.000Z', 'agentTask-t2', [
    taskEvents.completed('t2', 'gpt-4.1', 1000, 500, 1500, 'Draft: spring is here'),
  ]);
  await at(bed, '2030-01-10T10:01:02.000Z', 'agentTask-t1', [
    taskEvents.completed('t1', 'gpt-4.1-mini', 200, 100, 30),
  ]);
  await at(
    bed,
    '2030-01-10T11:00:00.000Z',
    'agentTask-t1',
    [taskEvents.feedback('t1', 5, 'Great tone, used it')],
    user,
  );
  await at(
    bed,
    '2030-01-11T09:00:00.000Z',
    'agentTask-t3',
    [taskEvents.requested('t3', ORG, 'trend_analyzer')],
    user,
  );
  await at(bed, '2030-01-11T09:00:10.000Z', 'agentTask-t3', [
    taskEvents.failed('t3', 'No LLM is configured'),
  ]);
  await at(
    bed,
    '2030-01-12T09:00:00.000Z',
    'agentTask-t4',
    [taskEvents.requested('t4', ORG, 'crisis_manager'), taskEvents.cancelled('t4')],
    user,
  );
  await at(
    bed,
    '2030-01-15T00:00:00.000Z',
    'agentTask-t9',
    [
      taskEvents.requested('t9', OTHER, 'content_creator'),
      taskEvents.started('t9'),
      taskEvents.completed('t9', 'gpt-4.1', 7, 7, 7),
    ],
    {
      ...agent,
      tenantId: OTHER,
    },
  );
  await at(bed, '2030-02-01T00:00:30.000Z', 'agentTask-t5', [
    taskEvents.requested('t5', ORG, 'content_creator'),
    taskEvents.started('t5'),
    taskEvents.completed('t5', 'gpt-4.1', 40_000, 20_000, 90_000, ['a', 'b']),
  ]);
}

describe('agentTasksProjection', () => {
  let bed: ProjectionTestBed;
  let sut: AgentTasksQueries;

  beforeEach(async () => {
    bed = await ProjectionTestBed.open([agentTasksProjection]);
    await bed.start();
    await seed(bed);
    await bed.caughtUp();
    sut = agentTasksQueries(bed.readStore, bed.catalog);
  });

  afterEach(async () => {
    await bed.close();
  });

  it('tracks a task from request to result: steps, tool calls, tokens, cost, model, timing', async () => {
    const task = await sut.get({ organizationId: ORG, taskId: 't2' });

    expect(task).toMatchObject({
      taskId: 't2',
      kind: 'content_creator',
      status: 'completed',
      requestedBy: 'agent-runtime',
      requesterKind: 'agent',
      parentTaskId: 't1',
      steps: 2,
      lastStep: { name: 'draft', summary: 'did draft' },
      toolCalls: 3,
      failedToolCalls: 1,
      toolTimeMs: 350,
      model: 'gpt-4.1',
      tokensIn: 1000,
      tokensOut: 500,
      costUsdMicros: 1500,
      resultSummary: 'Draft: spring is here',
      startedAt: '2030-01-10T10:00:04.000Z',
      finishedAt: '2030-01-10T10:00:34.000Z',
      durationMs: 30_000,
    });
    expect(await sut.get({ organizationId: ORG, taskId: 't1' })).toMatchObject({
      children: 1,
      resultSummary: 'Three drafts ready',
      durationMs: 60_000,
      feedback: {
        rating: 5,
        comment: 'Great tone, used it',
        commentErased: false,
        commentSubjectId: 'user-editor',
        used: true,
        givenBy: 'user-editor',
      },
    });
    expect(await sut.get({ organizationId: ORG, taskId: 't3' })).toMatchObject({
      status: 'failed',
      failure: { reason: 'No LLM is configured', retryable: false },
      durationMs: 10_000,
    });
    expect(await sut.get({ organizationId: ORG, taskId: 't4' })).toMatchObject({
      status: 'cancelled',
      cancellation: { cancelledBy: 'user-editor', reason: 'not needed' },
    });
  });

  it('lists an organization’s tasks newest first, filtered and paged, and never another organization’s', async () => {
    const first = await sut.list({ organizationId: ORG, limit: 3 });
    expect(first.items.map((task) => task.taskId)).toEqual(['t5', 't4', 't3']);
    const second = await sut.list({ organizationId: ORG, limit: 3, after: first.nextCursor });
    expect(second.items.map((task) => task.taskId)).toEqual(['t2', 't1']);
    expect(second.nextCursor).toBeNull();

    expect(
      (await sut.list({ organizationId: ORG, status: ['failed', 'cancelled'] })).items.map(
        (task) => task.taskId,
      ),
    ).toEqual(['t4', 't3']);
    expect(
      (await sut.list({ organizationId: ORG, kind: 'content_creator', parentTaskId: null })).items.map(
        (task) => task.taskId,
      ),
    ).toEqual(['t5']);
    expect(
      (await sut.list({ organizationId: ORG, parentTaskId: 't1' })).items.map((task) => task.taskId),
    ).toEqual(['t2']);
    expect((await sut.list({ organizationId: OTHER })).items.map((task) => task.taskId)).toEqual(['t9']);
    await expect(sut.get({ organizationId: OTHER, taskId: 't1' })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    await expect(sut.list({ organizationId: ORG, status: 'done' as never })).rejects.toMatchObject({
      code: 'VALIDATION.FAILED',
    });
  });

  it('sums token usage per UTC month, by kind and by model, against the plan’s budget', async () => {
    const january = await sut.monthlyUsage({ organizationId: ORG, month: '2030-01' });
    expect(january).toMatchObject({
      plan: 'pro',
      tokensIn: 1200,
      tokensOut: 600,
      tokens: 1800,
      costUsdMicros: 1530,
      completedTasks: 2,
      budgetTokens: 2_000_000,
      remainingTokens: 1_998_200,
      overBudget: false,
      byKind: {
        content_creator: { tokensIn: 1000, tokensOut: 500, costUsdMicros: 1500, completedTasks: 1 },
        content_workflow: { tokensIn: 200, tokensOut: 100, costUsdMicros: 30, completedTasks: 1 },
      },
      byModel: [
        { model: 'gpt-4.1', tokensIn: 1000, tokensOut: 500, costUsdMicros: 1500, completedTasks: 1 },
        { model: 'gpt-4.1-mini', tokensIn: 200, tokensOut: 100, costUsdMicros: 30, completedTasks: 1 },
      ],
    });

    await bed.append(`organization-${ORG}`, [planEvents.changed(ORG, 'pro', 'free')], { tenantId: ORG });
    await bed.caughtUp();
    const history = await sut.usageHistory({ organizationId: ORG, from: '2029-12', to: '2030-02' });
    expect(
      history.map((month) => [month.month, month.tokens, month.overBudget, month.remainingTokens]),
    ).toEqual([
      ['2029-12', 0, false, 50_000],
      ['2030-01', 1800, false, 48_200],
      ['2030-02', 60_000, true, 0],
    ]);
    expect((await sut.monthlyUsage({ organizationId: OTHER, month: '2030-01' })).tokens).toBe(14);
  });

  it('keeps a feedback comment erased when the log reads it back erased', async () => {
    const erased: DomainEvent = {
      type: 'agentTask.feedbackGiven',
      schemaVersion: 1,
      data: {
        taskId: 't9',
        rating: 2,
        comment: erasedValue('user-other'),
        used: false,
        givenBy: 'user-other',
      },
    };
    await bed.append('agentTask-t9', [erased], { tenantId: OTHER, subjectIds: ['user-other'] });
    await bed.caughtUp();

    expect((await sut.get({ organizationId: OTHER, taskId: 't9' })).feedback).toMatchObject({
      rating: 2,
      comment: null,
      commentErased: true,
    });
  });

  it('reaches identical documents when the log is applied again, after a restart and in a rebuild', async () => {
    const first = await bed.snapshot();
    expect(first['agentTasks.tasks']).toHaveLength(6);
    await replayFromStart(bed, agentTasksProjection);
    expect(await bed.snapshot()).toEqual(first);
    await bed.restart();
    expect(await bed.snapshot()).toEqual(first);
    await bed.rebuild(agentTasksProjection.name);
    const strip = (snapshot: typeof first) =>
      JSON.stringify(
        Object.values(snapshot).map((documents) => documents.map(({ _position: _, ...rest }) => rest)),
      );
    expect(strip(await bed.snapshot())).toEqual(strip(first));
  });
});
