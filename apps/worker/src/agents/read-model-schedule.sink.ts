import type { ScheduleRequest, ScheduleSink } from '@herald/agents';
import type { CommandDispatcher } from '@herald/agents';
import { isMemberRole, PLAN_LIMITS } from '@herald/organizations';
import { SchedulePostCommand, type TargetAccountFacts } from '@herald/posts';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import { accountsQueries, type AccountsQueries } from '@herald/projections/accounts';
import { organizationsQueries, type OrganizationsQueries } from '@herald/projections/organizations';
import { postsQueries, type PostsQueries } from '@herald/projections/posts';
import { localDateOf } from '@herald/projections/support';
import { HeraldError } from '@herald/shared-kernel';

/** Platforms without a daily cap still need a finite number: commands travel as JSON. */
const UNCAPPED = Number.MAX_SAFE_INTEGER;

/**
 * Schedules an approved workflow draft with the facts the GraphQL mutation would carry, read
 * from the read models (never from the model's output): the organization's approval setting and
 * plan limit, and for each of its accounts on the chosen platforms the health, the cap and the
 * day's count. The posts decider then applies the same rules as for a person scheduling by hand.
 */
export class ReadModelScheduleSink implements ScheduleSink {
  private readonly accounts: AccountsQueries;
  private readonly organizations: OrganizationsQueries;
  private readonly posts: PostsQueries;

  constructor(
    catalog: ProjectionCatalog,
    private readonly commands: CommandDispatcher,
  ) {
    this.accounts = accountsQueries(catalog);
    this.organizations = organizationsQueries(catalog);
    this.posts = postsQueries(catalog);
  }

  async schedule(request: ScheduleRequest): Promise<{ postId: string; revision: number | null }> {
    const { organizationId, postId, timeZone } = request;
    if (!isMemberRole(request.approverRole))
      throw new HeraldError('POST.FORBIDDEN', 'The approver has no role in this organization.', {
        role: request.approverRole,
      });
    const at = new Date(request.at);
    const [organization, counts, accounts] = await Promise.all([
      this.organizations.get(organizationId),
      this.posts.countByStatus({ organizationId }),
      this.accounts.list({ organizationId, platforms: [...request.platforms] }),
    ]);
    if (organization === null)
      throw new HeraldError('NOT_FOUND', 'This organization does not exist.', { organizationId });
    if (accounts.length === 0)
      throw new HeraldError('NOT_FOUND', 'The organization has no account on the chosen platforms.', {
        field: 'platforms',
        platforms: [...request.platforms],
      });
    const date = localDateOf(at, timeZone);
    const usage = await this.accounts.dailyUsage({
      organizationId,
      date,
      timeZone,
      accountIds: accounts.map((account) => account.id),
    });
    const targets: TargetAccountFacts[] = accounts.map((account) => {
      const used = usage.find((entry) => entry.accountId === account.id);
      return {
        accountId: account.id,
        platform: account.platform,
        accountStatus: account.health,
        dailyCap: used?.cap ?? UNCAPPED,
        scheduledThatDay: used?.used ?? 0,
      };
    });
    const result = await this.commands.execute(
      new SchedulePostCommand(
        postId,
        request.approverRole,
        at.toISOString(),
        timeZone,
        null,
        targets,
        organization.settings.requiresApproval,
        { limit: PLAN_LIMITS[organization.plan].scheduledPosts, scheduledPosts: counts.scheduled },
        request.metadata,
      ),
    );
    return { postId, revision: result.revision };
  }
}
