import { crashAtEveryWrite } from '@herald/projections/analytics';
import { organizationEvents, type ProjectionTestBed } from '@herald/projections/support';
import { agentTasksProjection } from './agent-tasks.projection';
import { taskEvents } from './testing/agent-task-events';

const ORG = 'org-1';

async function seed(bed: ProjectionTestBed): Promise<void> {
  await bed.append(`organization-${ORG}`, [organizationEvents.created(ORG)]);
  await bed.append('agentTask-t1', [
    taskEvents.requested('t1', ORG, 'content_workflow'),
    taskEvents.started('t1'),
  ]);
  await bed.append('agentTask-t2', [
    taskEvents.requested('t2', ORG, 'content_creator', 'agent-runtime', 't1'),
    taskEvents.started('t2'),
    taskEvents.step('t2', 0, 'research'),
    taskEvents.toolCall('t2', 0, false, 120),
    taskEvents.completed('t2', 'gpt-4.1', 100, 50, 20),
  ]);
  await bed.append('agentTask-t1', [
    taskEvents.completed('t1', 'gpt-4.1', 10, 5, 2),
    taskEvents.feedback('t1', 4, 'ok'),
  ]);
}

describe('agentTasksProjection on a store without atomic batches', () => {
  it('recovers from a crash between any two writes without counting a step or a token twice', async () => {
    const { expected, recovered } = await crashAtEveryWrite(agentTasksProjection, seed);

    expect(expected['agentTasks.usage'][0]).toMatchObject({
      tokensIn: 110,
      tokensOut: 55,
      costUsdMicros: 22,
      completedTasks: 2,
    });
    expect(recovered.length).toBeGreaterThan(15);
    for (const { writes, documents } of recovered)
      expect({ writes, documents }).toEqual({ writes, documents: expected });
  }, 120_000);
});
