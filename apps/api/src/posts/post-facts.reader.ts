import { Injectable } from '@nestjs/common';
import { PLAN_LIMITS } from '@herald/organizations';
import type { TargetAccountFacts } from '@herald/posts';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { accountsQueries, type AccountsQueries, type AccountView } from '@herald/projections/accounts';
import { organizationsQueries, type OrganizationsQueries } from '@herald/projections/organizations';
import { postsQueries, type PostsQueries, type PostView } from '@herald/projections/posts';
import { localDateOf } from '@herald/projections/support';
import { HeraldError } from '@herald/shared-kernel';
import { targetFactsFrom } from './target-facts';

export interface OrganizationPostingFacts {
  readonly approvalRequired: boolean;
  readonly planLimit: { readonly limit: number; readonly scheduledPosts: number };
}

/**
 * The facts post commands carry from the edge, read from the read models (never from the
 * client): the organization's approval setting and plan limit, each target's health and its
 * count against the daily cap on the day of publication.
 */
@Injectable()
export class PostFactsReader {
  private readonly accounts: AccountsQueries;
  private readonly organizations: OrganizationsQueries;
  private readonly posts: PostsQueries;

  constructor(catalog: ProjectionCatalog) {
    this.accounts = accountsQueries(catalog);
    this.organizations = organizationsQueries(catalog);
    this.posts = postsQueries(catalog);
  }

  async organization(organizationId: string): Promise<OrganizationPostingFacts> {
    const [organization, counts] = await Promise.all([
      this.organizations.get(organizationId),
      this.posts.countByStatus({ organizationId }),
    ]);
    if (organization === null) {
      throw new HeraldError('NOT_FOUND', 'This organization does not exist.', { organizationId });
    }
    return {
      approvalRequired: organization.settings.requiresApproval,
      planLimit: { limit: PLAN_LIMITS[organization.plan].scheduledPosts, scheduledPosts: counts.scheduled },
    };
  }

  /** Facts for `accountIds` on the local day of `at` in `timeZone`; `moving` is a post being rescheduled. */
  async targets(
    organizationId: string,
    accountIds: readonly string[],
    at: Date,
    timeZone: string,
    moving: PostView | null = null,
  ): Promise<TargetAccountFacts[]> {
    const date = localDateOf(at, timeZone);
    const [found, usage] = await Promise.all([
      Promise.all(accountIds.map((accountId) => this.accounts.get({ organizationId, accountId }))),
      this.accounts.dailyUsage({ organizationId, date, timeZone, accountIds: [...accountIds] }),
    ]);
    const accounts = new Map(
      found.filter((view): view is AccountView => view !== null).map((view) => [view.id, view]),
    );
    return targetFactsFrom(accountIds, accounts, usage, { date, timeZone }, moving);
  }

  /** The post in the caller's organization; another tenant's post is NOT_FOUND. */
  async post(organizationId: string, postId: string): Promise<PostView> {
    const view = await this.posts.get({ organizationId, postId });
    if (view === null) throw new HeraldError('NOT_FOUND', 'This post does not exist.', { postId });
    return view;
  }
}
