import { ACCOUNTS_CODES } from './accounts.codes';
import { AGENT_TASKS_CODES } from './agent-tasks.codes';
import { AGENTS_CODES } from './agents.codes';
import { AUTH_CODES } from './auth.codes';
import { COORDINATION_CODES } from './coordination.codes';
import { EVENT_STORE_CODES } from './event-store.codes';
import { IDENTITY_CODES } from './identity.codes';
import { KERNEL_CODES } from './kernel.codes';
import { MESSAGING_CODES } from './messaging.codes';
import { ORGANIZATIONS_CODES } from './organizations.codes';
import { PLATFORMS_CODES } from './platforms.codes';
import { POSTS_CODES } from './posts.codes';
import { PROJECTIONS_CODES } from './projections.codes';
import { READ_STORE_CODES } from './read-store.codes';
import { SAGAS_CODES } from './sagas.codes';

/**
 * Every error code Herald can return, by section. Codes are part of the public API:
 * never rename one; add a new code instead. docs/errors.md documents each (a spec
 * checks both agree).
 */
export const ERROR_CATALOGUE_SECTIONS = {
  Kernel: KERNEL_CODES,
  'Event store': EVENT_STORE_CODES,
  Organizations: ORGANIZATIONS_CODES,
  Identity: IDENTITY_CODES,
  Accounts: ACCOUNTS_CODES,
  Posts: POSTS_CODES,
  'Agent tasks': AGENT_TASKS_CODES,
  'Read store': READ_STORE_CODES,
  Coordination: COORDINATION_CODES,
  Projections: PROJECTIONS_CODES,
  Messaging: MESSAGING_CODES,
  Platforms: PLATFORMS_CODES,
  Auth: AUTH_CODES,
  Agents: AGENTS_CODES,
  Sagas: SAGAS_CODES,
} as const;

export const ERROR_CATALOGUE = {
  ...KERNEL_CODES,
  ...EVENT_STORE_CODES,
  ...ORGANIZATIONS_CODES,
  ...IDENTITY_CODES,
  ...ACCOUNTS_CODES,
  ...POSTS_CODES,
  ...AGENT_TASKS_CODES,
  ...READ_STORE_CODES,
  ...COORDINATION_CODES,
  ...PROJECTIONS_CODES,
  ...MESSAGING_CODES,
  ...PLATFORMS_CODES,
  ...AUTH_CODES,
  ...AGENTS_CODES,
  ...SAGAS_CODES,
};

export type ErrorCode = keyof typeof ERROR_CATALOGUE;
export type { CatalogueEntry } from './catalogue-entry';
