import type { RequestMetadata } from '@herald/commands';
import { type CommandsHarness, requestAs, startCommandsHarness } from '@herald/testing';
import { OrganizationsModule } from '../src';

export type OrganizationsHarness = CommandsHarness;

/** The organizations module on the real embedded stores, in a temporary directory. */
export const startOrganizations = (): Promise<OrganizationsHarness> =>
  startCommandsHarness({ name: 'organizations', module: OrganizationsModule, now: '2025-03-01T10:00:00.000Z' });

export const userRequest = (
  userId: string,
  tenantId: string | null,
  extra: Partial<RequestMetadata> = {},
): RequestMetadata => requestAs({ kind: 'user', id: userId }, tenantId, { requestId: `req-${userId}`, ...extra });
