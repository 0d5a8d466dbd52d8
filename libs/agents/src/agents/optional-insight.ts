import { isHeraldError } from '@herald/shared-kernel';
import type { AgentRun } from '../runner/agent-run';

/**
 * The model's reading added to statistics that stand on their own: skipped without a model or
 * once the budget is spent (recorded as a step), so the statistics are still delivered.
 */
export async function optionalInsight<T>(
  run: AgentRun,
  name: string,
  ask: () => Promise<T>,
): Promise<T | null> {
  if (!run.llmAvailable) {
    await run.step(`${name}.statistics_only`, 'no language model configured: statistics only');
    return null;
  }
  try {
    return await ask();
  } catch (error) {
    if (!isHeraldError(error, 'AI.BUDGET_EXCEEDED')) throw error;
    await run.step(`${name}.statistics_only`, `AI budget exhausted (${error.message}): statistics only`);
    return null;
  }
}
