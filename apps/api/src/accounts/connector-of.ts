import { HeraldError } from '@herald/shared-kernel';
import { requireActor, type HeraldRequestContext } from '../graphql/request-context';
import type { Connector } from './account-connection.service';

/** The caller acting in their organization; the guard's `@RequireRole` has already checked both. */
export function connectorOf(context: HeraldRequestContext): Connector {
  const actor = requireActor(context);
  if (actor.organizationId === null || actor.role === null) {
    throw new HeraldError('AUTH.ORGANIZATION_REQUIRED', 'Select an organization first.');
  }
  return { userId: actor.userId, organizationId: actor.organizationId, role: actor.role };
}
