import type { UserErased } from '@herald/identity';
import { ProjectionTestBed, type AppendMetadata } from '@herald/projections/support';
import { replayFromStart } from '@herald/projections/analytics';
import { agentTasksProjection } from './agent-tasks.projection';
import { agentTasksQueries, type AgentTasksQueries } from './agent-tasks.queries';
import { taskEvents } from './testing/agent-task-events';

const ORG = 'org-a';
const agent: AppendMetadata = { actor: { kind: 'agent', id: 'content_workflow' }, tenantId: ORG };
const as = (userId: string): AppendMetadata => ({ actor: { kind: 'user', id: userId }, tenantId: ORG });
const erasure = (userId: string): UserErased => ({ type: 'user.erased', schemaVersion: 1, data: { userId } });

describe(`${agentTasksProjection.name} approvals and erasure`, () => {
  let bed: ProjectionTestBed;
  let sut: AgentTasksQueries;

  beforeEach(async () => {
    bed = await ProjectionTestBed.open([agentTasksProjection]);
    await bed.start();
    await bed.append('agentTask-w1', [taskEvents.requested('w1', ORG, 'content_workflow', 'user-eve')], as('user-eve'));
    await bed.append('agentTask-w1', [taskEvents.started('w1'), taskEvents.approvalRequested('w1', 'post-7')], agent);
    await bed.caughtUp();
    sut = agentTasksQueries(bed.readStore, bed.catalog);
  });
  afterEach(() => bed.close());

  const task = (taskId: string) => sut.get({ organizationId: ORG, taskId });

  it('shows a workflow waiting for approval, then who decided, when, with which slot and comment', async () => {
    expect((await task('w1')).approval).toMatchObject({ status: 'pending', postId: 'post-7', decidedBy: null });

    bed.clock.set('2030-01-15T08:00:00.000Z');
    await bed.append('agentTask-w1', [taskEvents.approvalDecided('w1', 'approve', 'Go for Thursday')], as('user-manager'));
    await bed.caughtUp();

    expect((await task('w1')).approval).toEqual({
      status: 'approved',
      postId: 'post-7',
      requestedAt: expect.any(String),
      decidedBy: 'user-manager',
      decidedAt: '2030-01-15T08:00:00.000Z',
      comment: 'Go for Thursday',
      commentErased: false,
      commentSubjectId: 'user-manager',
      at: '2030-01-16T17:00:00.000Z',
      timeZone: 'Europe/Paris',
    });
  });

  it('clears the approval and feedback comments of an erased person, only theirs, idempotently', async () => {
    await bed.append('agentTask-w1', [taskEvents.approvalDecided('w1', 'reject', 'Not our tone')], as('user-manager'));
    await bed.append('agentTask-w1', [taskEvents.completed('w1', 'gpt-4.1', 10, 5, 1)], agent);
    await bed.append('agentTask-w1', [taskEvents.feedback('w1', 2, 'Name-drops Alice', 'user-eve')], as('user-eve'));
    await bed.append('agentTask-w2', [taskEvents.requested('w2', ORG, 'content_creator', 'user-eve')], as('user-eve'));
    await bed.append('agentTask-w2', [taskEvents.started('w2'), taskEvents.completed('w2', 'gpt-4.1', 1, 1, 1)], agent);
    await bed.append('agentTask-w2', [taskEvents.feedback('w2', 5, 'Perfect', 'user-max')], as('user-max'));
    await bed.caughtUp();

    // A projector that read the comment before its key went may write it after: the erasure comes later in the log.
    await bed.append('user-user-eve', [erasure('user-eve')], { actor: { kind: 'system', id: 'compliance' }, tenantId: null });
    await bed.append('user-user-manager', [erasure('user-manager')], { actor: { kind: 'system', id: 'compliance' }, tenantId: null });
    await bed.caughtUp();

    const w1 = await task('w1');
    expect(w1.feedback).toMatchObject({ rating: 2, comment: null, commentErased: true, givenBy: 'user-eve' });
    expect(w1.approval).toMatchObject({ status: 'rejected', comment: null, commentErased: true, decidedBy: 'user-manager' });
    expect((await task('w2')).feedback).toMatchObject({ comment: 'Perfect', commentErased: false });

    const first = await bed.snapshot();
    await replayFromStart(bed, agentTasksProjection);
    expect(await bed.snapshot()).toEqual(first);
    expect((await task('w1')).feedback?.comment).toBeNull();
  });
});
