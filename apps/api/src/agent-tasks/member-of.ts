import type { MemberRole } from '@herald/organizations';
import { HeraldError } from '@herald/shared-kernel';
import { requireActor, type HeraldRequestContext } from '../graphql/request-context';

export interface Member {
  readonly userId: string;
  readonly organizationId: string;
  readonly role: MemberRole;
}

/** The caller as a member of their token's organization; `@RequireRole` has already checked it. */
export function memberOf(context: HeraldRequestContext): Member {
  const actor = requireActor(context);
  if (actor.organizationId === null || actor.role === null)
    throw new HeraldError('AUTH.ORGANIZATION_REQUIRED', 'Select an organization first.');
  return { userId: actor.userId, organizationId: actor.organizationId, role: actor.role };
}
