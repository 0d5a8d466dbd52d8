import { CommandBus } from '@nestjs/cqrs';
import { socialAccountStreamId } from '@herald/accounts';
import { DecideAgentTaskApprovalCommand, RequestAgentTaskCommand } from '@herald/agent-tasks';
import type { RequestMetadata } from '@herald/commands';
import type { RecordedEvent } from '@herald/event-store';
import { organizationStreamId } from '@herald/organizations';
import { accountEvents, organizationEvents } from '@herald/projections/support';
import { FixedClock, uuidV7Generator } from '@herald/shared-kernel';
// The fake endpoint is test support of @herald/agents, which exports only its runtime.
import { type FakeOpenAi, startFakeOpenAi } from '../../../../libs/agents/test/fake-openai-server';
import { until, WorkerHarness } from '../../test/worker-harness';
import { AgentsWorker } from './agents-worker';

const NOW = new Date('2030-03-10T09:00:00.000Z');
const SLOT = '2030-03-14T17:00:00.000Z';
const ANGLES = { summary: 'Picnic posts outperform sales posts.', angles: ['Weekend picnic checklist'] };
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
  reasons: ['Opens with the occasion'],
};

const member = (organizationId: string, userId: string): RequestMetadata => ({
  tenantId: organizationId,
  actor: { kind: 'user', id: userId },
  correlationId: uuidV7Generator.next(),
  causationId: null,
});

describe(`${AgentsWorker.name} approvals across processes`, () => {
  let fake: FakeOpenAi;
  let sut: WorkerHarness;

  beforeAll(async () => {
    fake = await startFakeOpenAi({ embed: (text) => [text.length, 1, 0] });
    sut = await WorkerHarness.boot({
      clock: new FixedClock(NOW),
      env: { OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: 'sk-test-key', OPENAI_MODEL: 'gpt-4o-mini' },
    });
  }, 120_000);
  afterAll(async () => {
    await sut?.close();
    await fake?.close();
  });

  const taskEvents = (taskId: string) => sut.events(`agentTask-${taskId}`);
  async function awaitEvent(streamId: string, type: string): Promise<RecordedEvent> {
    let found: RecordedEvent | undefined;
    await until(async () => {
      found = (await sut.events(streamId)).find((event) => event.type === type);
      return found !== undefined;
    }, `${type} on ${streamId}`);
    return found as RecordedEvent;
  }

  it('parks a content workflow, takes the decision from its stream and schedules the post once', async () => {
    const organizationId = uuidV7Generator.next();
    const accountId = uuidV7Generator.next();
    await sut.append(organizationStreamId(organizationId), [organizationEvents.created(organizationId)], organizationId);
    await sut.append(
      socialAccountStreamId(accountId),
      [accountEvents.connected(accountId, organizationId, 'x', { tokenExpiresAt: '2031-01-01T00:00:00.000Z' })],
      organizationId,
    );
    fake.script(
      { kind: 'chat', content: JSON.stringify(ANGLES) },
      { kind: 'chat', content: JSON.stringify(DRAFT) },
      { kind: 'chat', content: JSON.stringify(OPTIMIZED) },
    );
    const bus = sut.get<CommandBus>(CommandBus);
    const { taskId } = await bus.execute(
      new RequestAgentTaskCommand(
        'content_workflow',
        { topic: 'spring picnic', platforms: ['x'], brief: 'Saturday in the park' },
        'editor',
        member(organizationId, 'user-eve'),
      ),
    );

    const asked = await awaitEvent(`agentTask-${taskId}`, 'agentTask.approvalRequested');
    const postId = (asked.data as { proposal: { postId: string } }).proposal.postId;
    expect(asked.metadata.actor).toEqual({ kind: 'agent', id: 'content_workflow' });
    expect((await sut.events(`post-${postId}`)).map((event) => event.type)).not.toContain('post.scheduled');

    await expect(
      bus.execute(
        new DecideAgentTaskApprovalCommand(
          taskId,
          { decision: 'approve', comment: null, at: SLOT, timeZone: 'Europe/Paris' },
          'editor',
          member(organizationId, 'user-eve'),
        ),
      ),
    ).rejects.toMatchObject({ code: 'AGENT_TASK.FORBIDDEN' });
    await bus.execute(
      new DecideAgentTaskApprovalCommand(
        taskId,
        { decision: 'approve', comment: 'Thursday evening works', at: SLOT, timeZone: 'Europe/Paris' },
        'manager',
        member(organizationId, 'user-max'),
      ),
    );

    const completed = await awaitEvent(`agentTask-${taskId}`, 'agentTask.completed');
    expect(completed.data).toMatchObject({
      result: { postId, approved: true, decidedBy: 'user-max', scheduled: { at: SLOT, timeZone: 'Europe/Paris' } },
    });
    const scheduled = await awaitEvent(`post-${postId}`, 'post.scheduled');
    expect(scheduled.metadata.actor).toEqual({ kind: 'user', id: 'user-max' });
    const steps = (await taskEvents(taskId)).filter((event) => event.type === 'agentTask.stepRecorded');
    expect(JSON.stringify(steps)).not.toContain('Thursday evening works');

    // A redelivered decision finds the workflow gone and the task finished: nothing happens twice.
    const decided = await awaitEvent(`agentTask-${taskId}`, 'agentTask.approvalDecided');
    const again = await sut.get<AgentsWorker>(AgentsWorker).onAgentTaskEvent({
      id: decided.id,
      subject: decided.streamId,
      type: decided.type,
    } as Parameters<AgentsWorker['onAgentTaskEvent']>[0]);
    expect(again).toMatchObject({ status: 'skipped', taskId });
    expect((await sut.events(`post-${postId}`)).filter((event) => event.type === 'post.scheduled')).toHaveLength(1);
    expect((await taskEvents(taskId)).at(-1)?.type).toBe('agentTask.completed');
  });
});
