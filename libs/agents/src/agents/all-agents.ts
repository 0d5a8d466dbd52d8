import type { AgentDefinition } from '../runner/agent-definition';
import { competitorMonitorAgent } from './competitor-monitor.agent';
import { contentCreatorAgent } from './content-creator.agent';
import { crisisManagerAgent } from './crisis-manager.agent';
import { engagementOptimizerAgent } from './engagement-optimizer.agent';
import { performanceTrackerAgent } from './performance-tracker.agent';
import { smartSchedulerAgent } from './smart-scheduler.agent';
import { trendAnalyzerAgent } from './trend-analyzer.agent';

/** Every agent but the content workflow, which the runner builds itself (it drives the others). */
export const ALL_AGENTS: readonly AgentDefinition<unknown>[] = [
  contentCreatorAgent,
  trendAnalyzerAgent,
  engagementOptimizerAgent,
  smartSchedulerAgent,
  performanceTrackerAgent,
  competitorMonitorAgent,
  crisisManagerAgent,
] as AgentDefinition<unknown>[];
