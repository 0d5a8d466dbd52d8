import type { RequestMetadata } from '@herald/commands';
import { type AgentTasksHarness, startAgentTasks, userRequest } from '../../../../test/agent-tasks-harness';
import { CompleteAgentTaskCommand } from '../complete-agent-task/complete-agent-task.command';
import { GiveAgentTaskFeedbackCommand } from '../give-feedback/give-feedback.command';
import { RecordAgentTaskStepCommand } from '../record-step/record-step.command';
import { RecordAgentToolCallCommand } from '../record-tool-call/record-tool-call.command';
import { StartAgentTaskCommand } from '../start-agent-task/start-agent-task.command';
import { RequestAgentTaskCommand } from './request-agent-task.command';

const ORG = 'org-1';
const agent = (causationId: string | null = null): RequestMetadata => ({
  tenantId: ORG,
  actor: { kind: 'agent', id: 'content_creator' },
  correlationId: 'corr-user-eve',
  causationId,
});

describe(RequestAgentTaskCommand.name, () => {
  let sut: AgentTasksHarness;
  beforeEach(async () => {
    sut = await startAgentTasks();
  });
  afterEach(() => sut.close());

  const requestTask = () =>
    sut.bus.execute(
      new RequestAgentTaskCommand(
        'content_creator',
        { topic: 'launch' },
        'editor',
        userRequest('user-eve', ORG),
      ),
    );
  const stream = (taskId: string) => sut.store.readStream(`agentTask-${taskId}`);

  it('records a task from request to rated result, every step auditable with its actor', async () => {
    const { taskId } = await requestTask();
    await sut.bus.execute(new StartAgentTaskCommand(taskId, null, agent()));
    await sut.bus.execute(
      new RecordAgentToolCallCommand(
        taskId,
        'trends.fetch',
        { region: 'FR' },
        ['#spring'],
        true,
        120,
        null,
        agent(),
      ),
    );
    await sut.bus.execute(new RecordAgentTaskStepCommand(taskId, 'draft', '3 variants', null, agent()));
    await sut.bus.execute(
      new CompleteAgentTaskCommand(
        taskId,
        { draft: 'Spring is here' },
        'gpt-4o-mini',
        900,
        210,
        300,
        null,
        agent(),
      ),
    );
    const rated = await sut.bus.execute(
      new GiveAgentTaskFeedbackCommand(
        taskId,
        5,
        'Posted as is',
        true,
        'editor',
        userRequest('user-eve', ORG),
      ),
    );

    expect(rated).toEqual({ taskId, revision: 5 });
    const events = await stream(taskId);
    expect(events.map((event) => [event.type, event.metadata.actor.kind])).toEqual([
      ['agentTask.requested', 'user'],
      ['agentTask.started', 'agent'],
      ['agentTask.toolCallRecorded', 'agent'],
      ['agentTask.stepRecorded', 'agent'],
      ['agentTask.completed', 'agent'],
      ['agentTask.feedbackGiven', 'user'],
    ]);
    expect(
      events.every(
        (event) => event.metadata.tenantId === ORG && event.metadata.correlationId === 'corr-user-eve',
      ),
    ).toBe(true);
    expect(events[5].metadata.subjectIds).toEqual(['user-eve']);
  });

  it('numbers concurrent steps without losing one: the conflicting writer re-reads and retries', async () => {
    const { taskId } = await requestTask();
    await sut.bus.execute(new StartAgentTaskCommand(taskId, null, agent()));
    await Promise.all(
      ['a', 'b', 'c'].map((name) =>
        sut.bus.execute(new RecordAgentTaskStepCommand(taskId, name, '', null, agent())),
      ),
    );
    const steps = (await stream(taskId)).filter((event) => event.type === 'agentTask.stepRecorded');
    expect(steps.map((event) => (event.data as { index: number }).index)).toEqual([0, 1, 2]);
    expect(steps.map((event) => (event.data as { name: string }).name).sort()).toEqual(['a', 'b', 'c']);
  });

  it('keeps viewers and other organizations out, appending nothing', async () => {
    await expect(
      sut.bus.execute(
        new RequestAgentTaskCommand('content_creator', {}, 'viewer', userRequest('user-vic', ORG)),
      ),
    ).rejects.toMatchObject({ code: 'AGENT_TASK.FORBIDDEN' });
    const { taskId } = await requestTask();
    await expect(
      sut.bus.execute(new StartAgentTaskCommand(taskId, null, { ...agent(), tenantId: 'org-2' })),
    ).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await sut.store.headPosition()).toBe(1);
  });
});
