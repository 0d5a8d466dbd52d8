/**
 * Plans and their limits. Enforced by the context that owns each count: organizations (members),
 * accounts (social accounts), posts (scheduled posts), agent tasks (AI tokens), billing (which
 * plan applies). Keep limits as finite numbers: they travel in JSON.
 */
export const PLAN_IDS = ['free', 'pro', 'enterprise'] as const;
export type PlanId = (typeof PLAN_IDS)[number];

export interface PlanLimits {
  readonly members: number;
  readonly socialAccounts: number;
  /** Posts in the `scheduled` state at one time. */
  readonly scheduledPosts: number;
  readonly aiTokensPerMonth: number;
}

export const PLAN_LIMITS: Readonly<Record<PlanId, PlanLimits>> = {
  free: { members: 3, socialAccounts: 3, scheduledPosts: 30, aiTokensPerMonth: 50_000 },
  pro: { members: 15, socialAccounts: 25, scheduledPosts: 1_000, aiTokensPerMonth: 2_000_000 },
  enterprise: { members: 500, socialAccounts: 500, scheduledPosts: 100_000, aiTokensPerMonth: 50_000_000 },
};

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === 'string' && (PLAN_IDS as readonly string[]).includes(value);
}

export function planLimits(plan: PlanId): PlanLimits {
  return PLAN_LIMITS[plan];
}
