export const AGENT_TASK_KINDS = [
  'content_creator',
  'trend_analyzer',
  'engagement_optimizer',
  'smart_scheduler',
  'performance_tracker',
  'competitor_monitor',
  'crisis_manager',
  /** Chains the others: trends → draft → optimize → schedule, each step a child task. */
  'content_workflow',
] as const;
export type AgentTaskKind = (typeof AGENT_TASK_KINDS)[number];

export function isAgentTaskKind(value: unknown): value is AgentTaskKind {
  return typeof value === 'string' && (AGENT_TASK_KINDS as readonly string[]).includes(value);
}
