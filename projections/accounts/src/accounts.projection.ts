import { SOCIAL_ACCOUNT_EVENT_TYPES, type SocialAccountEvent } from '@herald/accounts';
import { defineProjection } from '@herald/projections-runtime';
import {
  applyOrganizationSettings,
  applyPostOccurrences,
  domainEventOf,
  ORGANIZATION_SETTINGS_VERSIONS,
  POST_OCCURRENCE_VERSIONS,
  streamEntityId,
  typesOf,
  type EventVersions,
} from '@herald/projections/support';
import { evolveAccountView, type AccountViewDocument } from './account-view.evolve';

export const ACCOUNTS_PROJECTION = 'accounts';

/** Accounts, the post occurrences that count against daily caps, and the organizations' caps and zones. */
export const ACCOUNTS_COLLECTIONS = { accounts: 'accounts', slots: 'slots', posts: 'posts', organizations: 'organizations' } as const;

export const ACCOUNT_VIEW_VERSIONS = Object.fromEntries(SOCIAL_ACCOUNT_EVENT_TYPES.map((type) => [type, 1])) as EventVersions<SocialAccountEvent>;

/**
 * Connected social accounts with health and token expiry, and their daily usage: every scheduled,
 * publishing or published occurrence per target with its UTC instant, counted per local day at
 * query time against the organization's effective cap (accounts.queries.ts).
 */
export const accountsProjection = defineProjection({
  name: ACCOUNTS_PROJECTION,
  version: 1,
  categories: ['socialAccount', 'post', 'organization'],
  eventTypes: [...typesOf(ACCOUNT_VIEW_VERSIONS), ...typesOf(POST_OCCURRENCE_VERSIONS), ...typesOf(ORGANIZATION_SETTINGS_VERSIONS)],
  collections: Object.values(ACCOUNTS_COLLECTIONS),
  async setup(indexes) {
    await indexes.createIndex(ACCOUNTS_COLLECTIONS.accounts, { fields: { organizationId: 1, platform: 1 } });
    await indexes.createIndex(ACCOUNTS_COLLECTIONS.slots, { fields: { accountId: 1, at: 1 } });
    await indexes.createIndex(ACCOUNTS_COLLECTIONS.slots, { fields: { postId: 1, status: 1 } });
  },
  async handle(event, context) {
    if (applyOrganizationSettings(event, context, ACCOUNTS_COLLECTIONS.organizations)) return;
    if (await applyPostOccurrences(event, context, { posts: ACCOUNTS_COLLECTIONS.posts, slots: ACCOUNTS_COLLECTIONS.slots })) return;
    const account = domainEventOf<SocialAccountEvent>(event, ACCOUNT_VIEW_VERSIONS);
    if (account === null) return;
    const accountId = streamEntityId(event.streamId);
    const current = account.type === 'socialAccount.connected' ? null : await context.get<AccountViewDocument>(ACCOUNTS_COLLECTIONS.accounts, accountId);
    context.replace<AccountViewDocument>(ACCOUNTS_COLLECTIONS.accounts, accountId, evolveAccountView(current, account));
  },
});
