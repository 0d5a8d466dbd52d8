import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import {
  organizationDecider,
  organizationStreamId,
  type MemberRole,
  type OrganizationEvent,
  type OrganizationState,
  type PlanId,
} from '@herald/organizations';

export interface OrganizationFacts {
  /** null when the organization is gone or the user is not (or no longer) a member. */
  readonly role: MemberRole | null;
  readonly plan: PlanId | null;
}

/**
 * A member's role and the organization's plan, folded from the organization's stream: the OAuth
 * callback arrives minutes after the connection started, and the read models may lag behind a
 * role change or a plan upgrade made meanwhile. The stream holds only membership and settings
 * changes, so folding it stays small.
 */
@Injectable()
export class OrganizationFactsReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async factsFor(userId: string, organizationId: string): Promise<OrganizationFacts> {
    let state: OrganizationState = organizationDecider.initialState;
    for (const event of await this.store.readStream(organizationStreamId(organizationId))) {
      state = organizationDecider.evolve(state, {
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
      } as OrganizationEvent);
    }
    if (state.status !== 'active') return { role: null, plan: null };
    return { role: state.members[userId] ?? null, plan: state.plan };
  }
}
