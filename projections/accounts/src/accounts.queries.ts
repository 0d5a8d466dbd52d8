import { SOCIAL_PLATFORMS, type AccountHealthStatus, type SocialPlatform } from '@herald/accounts';
import { effectiveDailyCap, isCappedPlatform } from '@herald/organizations';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import type { Filter } from '@herald/read-store';
import {
  allowedValues,
  idList,
  organizationSettings,
  parseLocalDate,
  requireId,
  requireInstant,
  requireOrganizationId,
  requireTimeZone,
  zonedRange,
  type OccurrenceSlotDocument,
  type OrganizationSettingsDocument,
  type SlotStatus,
} from '@herald/projections/support';
import type { AccountViewDocument } from './account-view.evolve';
import { ACCOUNTS_COLLECTIONS, ACCOUNTS_PROJECTION } from './accounts.projection';

export type AccountView = Omit<AccountViewDocument, '_id'> & { readonly id: string };

export const ACCOUNT_HEALTH_STATUSES: readonly AccountHealthStatus[] = ['active', 'error', 'rate_limited', 'expired', 'disconnected'];

export interface AccountUsage {
  readonly accountId: string;
  readonly platform: SocialPlatform;
  readonly handle: string;
  readonly health: AccountHealthStatus;
  readonly date: string;
  readonly timeZone: string;
  /** Occurrences still to publish (or being published) that day. */
  readonly scheduled: number;
  readonly published: number;
  /** scheduled + published: what the cap counts (failed attempts posted nothing). */
  readonly used: number;
  /** The organization's override or the default; null for platforms without a cap (YouTube, webhooks). */
  readonly cap: number | null;
  readonly remaining: number | null;
}

export interface AccountsQueries {
  /** Accounts of the organization by platform then handle; disconnected ones only when asked for by health. */
  list(input: { readonly organizationId: string; readonly health?: AccountHealthStatus | readonly AccountHealthStatus[]; readonly platforms?: SocialPlatform | readonly SocialPlatform[] }): Promise<AccountView[]>;
  get(input: { readonly organizationId: string; readonly accountId: string }): Promise<AccountView | null>;
  /** Connected accounts whose token expires before `before` (soonest first), for refresh and notices. */
  expiringTokens(input: { readonly organizationId: string; readonly before: string }): Promise<AccountView[]>;
  /**
   * Posts per account on one local day against its daily cap. The day is cut in `timeZone`
   * (default: the organization's), as the scheduling command counts it.
   */
  dailyUsage(input: { readonly organizationId: string; readonly date: string; readonly timeZone?: string; readonly accountIds?: string | readonly string[] }): Promise<AccountUsage[]>;
}

const COUNTED: readonly SlotStatus[] = ['scheduled', 'publishing', 'published'];

export function toAccountView(document: AccountViewDocument): AccountView {
  const { _id, _position: _stamp, ...rest } = document as AccountViewDocument & { _position?: number };
  return { id: _id, ...rest };
}

export function accountsQueries(catalog: ProjectionCatalog): AccountsQueries {
  const accounts = () => catalog.open<AccountViewDocument>(ACCOUNTS_PROJECTION, ACCOUNTS_COLLECTIONS.accounts);
  const sorted = (found: AccountViewDocument[]): AccountView[] =>
    found.sort((a, b) => a.platform.localeCompare(b.platform) || a.handle.localeCompare(b.handle) || a._id.localeCompare(b._id)).map(toAccountView);
  return {
    async list(input) {
      const organizationId = requireOrganizationId(input.organizationId);
      const health = allowedValues(input.health, ACCOUNT_HEALTH_STATUSES, 'health');
      const platforms = allowedValues(input.platforms, SOCIAL_PLATFORMS, 'platforms');
      const filter: Filter<AccountViewDocument> = { organizationId, health: health === undefined ? { $ne: 'disconnected' } : { $in: health } };
      if (platforms !== undefined) filter.platform = { $in: platforms };
      return sorted(await (await accounts()).find(filter));
    },
    async get(input) {
      const organizationId = requireOrganizationId(input.organizationId);
      const found = await (await accounts()).findOne({ _id: requireId(input.accountId, 'accountId'), organizationId });
      return found === null ? null : toAccountView(found);
    },
    async expiringTokens(input) {
      const organizationId = requireOrganizationId(input.organizationId);
      const before = requireInstant(input.before, 'before');
      const found = await (await accounts()).find({ organizationId, health: { $ne: 'disconnected' }, tokenExpiresAt: { $lt: before } }, { sort: { tokenExpiresAt: 1 } });
      return found.map(toAccountView);
    },
    async dailyUsage(input) {
      const organizationId = requireOrganizationId(input.organizationId);
      const date = parseLocalDate(input.date);
      const accountIds = idList(input.accountIds, 'accountIds');
      const [accountCollection, slots, organizations] = await Promise.all([
        accounts(),
        catalog.open<OccurrenceSlotDocument>(ACCOUNTS_PROJECTION, ACCOUNTS_COLLECTIONS.slots),
        catalog.open<OrganizationSettingsDocument>(ACCOUNTS_PROJECTION, ACCOUNTS_COLLECTIONS.organizations),
      ]);
      const settings = await organizationSettings(organizations, organizationId);
      const timeZone = input.timeZone === undefined ? settings.timeZone : requireTimeZone(input.timeZone);
      const day = zonedRange('day', date, timeZone);
      const accountFilter: Filter<AccountViewDocument> = { organizationId, health: { $ne: 'disconnected' } };
      if (accountIds !== undefined) accountFilter._id = { $in: accountIds };
      const found = sorted(await accountCollection.find(accountFilter));
      const counts = await slots.aggregate<{ _id: { accountId: string; status: SlotStatus }; count: number }>([
        { $match: { organizationId, accountId: { $in: found.map((account) => account.id) }, status: { $in: [...COUNTED] }, at: { $gte: day.from, $lt: day.to } } },
        { $group: { _id: { accountId: '$accountId', status: '$status' }, count: { $sum: 1 } } },
      ]);
      const countOf = (accountId: string, statuses: readonly SlotStatus[]): number =>
        counts.filter((group) => group._id.accountId === accountId && statuses.includes(group._id.status)).reduce((sum, group) => sum + group.count, 0);
      return found.map((account) => {
        const scheduled = countOf(account.id, ['scheduled', 'publishing']);
        const published = countOf(account.id, ['published']);
        const cap = isCappedPlatform(account.platform) ? effectiveDailyCap(account.platform, settings.dailyCaps) : null;
        const used = scheduled + published;
        return {
          accountId: account.id,
          platform: account.platform,
          handle: account.handle,
          health: account.health,
          date: day.days[0],
          timeZone,
          scheduled,
          published,
          used,
          cap,
          remaining: cap === null ? null : Math.max(0, cap - used),
        };
      });
    },
  };
}
