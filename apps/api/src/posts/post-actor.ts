import { HeraldError } from '@herald/shared-kernel';
import { requireActor, type HeraldRequestContext } from '../graphql/request-context';
import type { PostActor } from './post-operations.service';

/** The caller acting in their organization; `@RequireRole` has already checked both for this request. */
export function postActorOf(context: HeraldRequestContext): PostActor {
  const actor = requireActor(context);
  if (actor.organizationId === null || actor.role === null) {
    throw new HeraldError('AUTH.ORGANIZATION_REQUIRED', 'Select an organization first.');
  }
  return { userId: actor.userId, organizationId: actor.organizationId, role: actor.role };
}
