export { agentTasksProjection } from './agent-tasks.projection';
export * from './agent-tasks.documents';
export * from './agent-tasks.queries';
export { summarizeResult } from './result-summary';
export { taskEvents, planEvents } from './testing/agent-task-events';
