import type { AgentDefinition } from '../runner/agent-definition';
import { contentCreatorAgent } from './content-creator.agent';
import { engagementOptimizerAgent } from './engagement-optimizer.agent';
import { smartSchedulerAgent } from './smart-scheduler.agent';
import { trendAnalyzerAgent } from './trend-analyzer.agent';

/** Every agent but the content workflow, which the runner builds itself (it drives the others). */
export const ALL_AGENTS: readonly AgentDefinition<unknown>[] = [
  contentCreatorAgent,
  trendAnalyzerAgent,
  engagementOptimizerAgent,
  smartSchedulerAgent,
] as AgentDefinition<unknown>[];
