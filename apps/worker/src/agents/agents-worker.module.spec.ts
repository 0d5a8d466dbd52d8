import { CommandBus } from '@nestjs/cqrs';
import { RequestAgentTaskCommand } from '@herald/agent-tasks';
import type { RequestMetadata } from '@herald/commands';
import type { RecordedEvent } from '@herald/event-store';
import { taskEvents, type AgentTaskDocument } from '@herald/projections/agent-tasks';
import { FixedClock, uuidV7Generator, type Environment } from '@herald/shared-kernel';
// The fake endpoint is test support of @herald/agents, which exports only its runtime.
import { type FakeOpenAi, startFakeOpenAi } from '../../../../libs/agents/test/fake-openai-server';
import { until, WorkerHarness } from '../../test/worker-harness';
import { AgentsWorker } from './agents-worker';
import { AgentsWorkerModule } from './agents-worker.module';

const NOW = new Date('2030-03-10T09:00:00.000Z');
const DRAFT = {
  text: 'Spring picnics are back, friends! Grab a basket and join us this Saturday. Book your spot today.',
  hashtags: ['#springvibes', 'picnic'],
  callToAction: 'Book your spot today.',
  variants: {},
};
const CONTENT_INPUT = { topic: 'spring picnic launch', platforms: ['instagram', 'x'], brief: 'Saturday picnic' };

const editorOf = (organizationId: string): RequestMetadata => ({
  tenantId: organizationId,
  actor: { kind: 'user', id: 'user-eve' },
  correlationId: uuidV7Generator.next(),
  causationId: null,
});

async function request(sut: WorkerHarness, kind: string, input: Record<string, unknown>) {
  const organizationId = uuidV7Generator.next();
  const { taskId } = await sut
    .get<CommandBus>(CommandBus)
    .execute(new RequestAgentTaskCommand(kind, input, 'editor', editorOf(organizationId)));
  return { organizationId, taskId };
}

const FINAL = new Set(['agentTask.completed', 'agentTask.failed', 'agentTask.cancelled']);

async function finished(sut: WorkerHarness, taskId: string): Promise<RecordedEvent[]> {
  await until(
    async () => (await sut.events(`agentTask-${taskId}`)).some((event) => FINAL.has(event.type)),
    `agent task ${taskId} ended`,
  );
  return sut.events(`agentTask-${taskId}`);
}

async function taskView(sut: WorkerHarness, taskId: string, status: string): Promise<AgentTaskDocument> {
  let found: AgentTaskDocument | null = null;
  await until(async () => {
    const tasks = await sut.catalog.open<AgentTaskDocument>('agentTasks', 'tasks');
    found = await tasks.findOne({ _id: taskId, status: status as AgentTaskDocument['status'] });
    return found !== null;
  }, `the agent-tasks projection shows ${taskId} ${status}`);
  return found as unknown as AgentTaskDocument;
}

function boot(env: Environment): Promise<WorkerHarness> {
  return WorkerHarness.boot({ clock: new FixedClock(NOW), env });
}

describe(`${AgentsWorkerModule.name} with a model configured`, () => {
  let fake: FakeOpenAi;
  let sut: WorkerHarness;

  beforeAll(async () => {
    fake = await startFakeOpenAi({ embed: (text) => [text.length, 1, 0] });
    sut = await boot({ OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-key', OPENAI_MODEL: 'gpt-4o-mini' });
  }, 120_000);
  afterAll(async () => {
    await sut?.close();
    await fake?.close();
  });

  it('runs a requested content task from the bus to the end: steps, tokens, the projection and a draft post', async () => {
    fake.script({ kind: 'chat', content: JSON.stringify(DRAFT), promptTokens: 480, completionTokens: 90 });
    const { organizationId, taskId } = await request(sut, 'content_creator', CONTENT_INPUT);

    const events = await finished(sut, taskId);
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('agentTask.requested');
    expect(types[1]).toBe('agentTask.started');
    expect(types.at(-1)).toBe('agentTask.completed');
    expect(types.filter((type) => type === 'agentTask.stepRecorded').length).toBeGreaterThanOrEqual(1);
    const completed = events.at(-1) as RecordedEvent;
    expect(completed.metadata.actor).toEqual({ kind: 'agent', id: 'content_creator' });
    expect(completed.data).toMatchObject({ model: 'fake-model-2025', tokensIn: 480, tokensOut: 90 });
    expect(fake.pending()).toBe(0);

    const postId = (completed.data as { result: { postId: string } }).result.postId;
    const [drafted] = await sut.events(`post-${postId}`);
    expect(drafted).toMatchObject({ type: 'post.drafted', data: { organizationId, content: { text: DRAFT.text } } });

    const view = await taskView(sut, taskId, 'completed');
    expect(view).toMatchObject({ organizationId, kind: 'content_creator', tokensIn: 480, tokensOut: 90 });
    expect(view.steps).toBeGreaterThanOrEqual(1);
  });

  it('runs a task once when its request reaches the runner twice (redelivery, a second replica)', async () => {
    fake.script({ kind: 'chat', content: JSON.stringify(DRAFT) });
    const { taskId } = await request(sut, 'content_creator', { ...CONTENT_INPUT, createDraft: false });
    await finished(sut, taskId);
    const [requested] = await sut.events(`agentTask-${taskId}`);
    const again = await sut.get<AgentsWorker>(AgentsWorker).onAgentTaskEvent({
      id: requested.id,
      subject: requested.streamId,
      type: requested.type,
    } as Parameters<AgentsWorker['onAgentTaskEvent']>[0]);
    expect(again).toMatchObject({ status: 'skipped', taskId });
    const events = await sut.events(`agentTask-${taskId}`);
    expect(events.filter((event) => event.type === 'agentTask.started')).toHaveLength(1);
    expect(fake.chatRequests()).toHaveLength(2);
  });
});

describe(`${AgentsWorkerModule.name} without a model`, () => {
  let sut: WorkerHarness;

  beforeAll(async () => {
    sut = await boot({});
  }, 120_000);
  afterAll(() => sut?.close());

  it('fails a generative task as AI.NOT_CONFIGURED and still answers a statistical one', async () => {
    const content = await request(sut, 'content_creator', CONTENT_INPUT);
    const bestTime = await request(sut, 'smart_scheduler', { platform: 'linkedin', count: 2 });

    const failedEvents = await finished(sut, content.taskId);
    expect(failedEvents.at(-1)).toMatchObject({
      type: 'agentTask.failed',
      data: { reason: expect.stringMatching(/^AI\.NOT_CONFIGURED: /), retryable: false },
    });
    expect(failedEvents.map((event) => event.type)).not.toContain('agentTask.started');

    const statsEvents = await finished(sut, bestTime.taskId);
    expect(statsEvents.at(-1)).toMatchObject({
      type: 'agentTask.completed',
      data: { model: 'none', tokensIn: 0, tokensOut: 0, result: { slots: [] } },
    });
    await taskView(sut, content.taskId, 'failed');
    await taskView(sut, bestTime.taskId, 'completed');
  });

  it('fails a task a stopped worker left running once it is past its timeout, and only then', async () => {
    const organizationId = uuidV7Generator.next();
    const taskId = uuidV7Generator.next();
    // Requested and started in one write: this worker's runner finds it started and leaves it.
    await sut.append(
      `agentTask-${taskId}`,
      [taskEvents.requested(taskId, organizationId, 'smart_scheduler'), taskEvents.started(taskId)],
      organizationId,
    );
    const { startedAt } = await taskView(sut, taskId, 'running');
    const worker = sut.get<AgentsWorker>(AgentsWorker);

    // The run timeout (120 s) plus the grace (60 s) after its start: a live run may still end.
    sut.clock.set(new Date(Date.parse(startedAt ?? '') + 180_000));
    expect(await worker.sweepAbandoned()).toEqual([]);
    sut.clock.advance(1_001);
    expect(await worker.sweepAbandoned()).toEqual([taskId]);
    expect((await sut.events(`agentTask-${taskId}`)).at(-1)).toMatchObject({
      type: 'agentTask.failed',
      data: { retryable: true, reason: expect.stringMatching(/^AI\.TIMEOUT: /) },
      metadata: { actor: { kind: 'system', id: 'agents-sweep' } },
    });
    await taskView(sut, taskId, 'failed');
  });
});
