import { planLimits, type PlanId, type PlanLimits } from '@herald/organizations';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import { requireOrganizationId } from '@herald/projections/support';
import {
  monthlyTokensId,
  utcMonthOf,
  type MonthlyTokensDocument,
  type UsageAccountDocument,
  type UsagePostDocument,
} from './organization-usage.handlers';
import {
  ORGANIZATIONS_COLLECTIONS,
  ORGANIZATIONS_PROJECTION,
  type MemberDocument,
  type OrganizationDocument,
} from './organizations.projection';

export interface Allowance {
  readonly used: number;
  readonly limit: number;
  /** `limit - used`, never below 0. */
  readonly remaining: number;
  readonly exceeded: boolean;
}

export interface OrganizationUsage {
  readonly organizationId: string;
  readonly plan: PlanId;
  readonly limits: PlanLimits;
  readonly members: Allowance;
  readonly socialAccounts: Allowance;
  /** Posts waiting in the scheduled state. */
  readonly scheduledPosts: Allowance;
  /** Tokens in and out of agent tasks completed in the UTC month of `now`. */
  readonly aiTokens: Allowance & { readonly month: string; readonly completedTasks: number };
}

export interface OrganizationUsageQueries {
  /** Null when the organization is unknown or deleted (the caller answers NOT_FOUND). */
  usage(organizationId: string, now: Date): Promise<OrganizationUsage | null>;
}

const allowance = (used: number, limit: number): Allowance => ({
  used,
  limit,
  remaining: Math.max(0, limit - used),
  exceeded: used > limit,
});

/** Usage of one organization against its plan: every figure is read with the organization's id, never across tenants. */
export function organizationUsageQueries(catalog: ProjectionCatalog): OrganizationUsageQueries {
  const open = <T extends { _id: string }>(logical: string) =>
    catalog.open<T>(ORGANIZATIONS_PROJECTION, logical);
  return {
    async usage(organizationId, now) {
      const id = requireOrganizationId(organizationId);
      const organization = await (
        await open<OrganizationDocument>(ORGANIZATIONS_COLLECTIONS.organizations)
      ).findOne({ _id: id });
      if (organization === null || organization.deleted) return null;
      const month = utcMonthOf(now.toISOString());
      const [members, socialAccounts, scheduledPosts, tokens] = await Promise.all([
        open<MemberDocument>(ORGANIZATIONS_COLLECTIONS.members).then((c) => c.count({ organizationId: id })),
        open<UsageAccountDocument>(ORGANIZATIONS_COLLECTIONS.accounts).then((c) =>
          c.count({ organizationId: id, connected: true }),
        ),
        open<UsagePostDocument>(ORGANIZATIONS_COLLECTIONS.posts).then((c) =>
          c.count({ organizationId: id, scheduled: true }),
        ),
        open<MonthlyTokensDocument>(ORGANIZATIONS_COLLECTIONS.usage).then((c) =>
          c.findOne({ _id: monthlyTokensId(id, month) }),
        ),
      ]);
      const limits = planLimits(organization.plan);
      return {
        organizationId: id,
        plan: organization.plan,
        limits,
        members: allowance(members, limits.members),
        socialAccounts: allowance(socialAccounts, limits.socialAccounts),
        scheduledPosts: allowance(scheduledPosts, limits.scheduledPosts),
        aiTokens: {
          ...allowance((tokens?.tokensIn ?? 0) + (tokens?.tokensOut ?? 0), limits.aiTokensPerMonth),
          month,
          completedTasks: tokens?.completedTasks ?? 0,
        },
      };
    },
  };
}
