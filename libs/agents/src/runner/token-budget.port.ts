import { PLAN_LIMITS } from '@herald/organizations';
import type { AgentTasksQueries } from '@herald/projections/agent-tasks';

export interface TokenAllowance {
  readonly budgetTokens: number;
  readonly usedTokens: number;
}

/** The organization's monthly AI token budget (from its plan) and what it has used this month. */
export interface TokenBudget {
  allowance(organizationId: string, now: Date): Promise<TokenAllowance>;
}

export const utcMonth = (now: Date): string => now.toISOString().slice(0, 7);

/**
 * From the agent-tasks projection's monthly usage (completed tasks, UTC months). An organization
 * whose plan the projection has not seen yet is held to the free plan's budget, never to none.
 */
export function projectionTokenBudget(queries: Pick<AgentTasksQueries, 'monthlyUsage'>): TokenBudget {
  return {
    allowance: async (organizationId, now) => {
      const usage = await queries.monthlyUsage({ organizationId, month: utcMonth(now) });
      return {
        budgetTokens: usage.budgetTokens ?? PLAN_LIMITS.free.aiTokensPerMonth,
        usedTokens: usage.tokens,
      };
    },
  };
}
