import { Inject, Injectable } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@herald/event-store';
import {
  type MemberRole,
  type OrganizationEvent,
  type OrganizationState,
  organizationDecider,
  organizationStreamId,
} from '@herald/organizations';

/**
 * A person's role in an organization, from the organization's own stream: the same facts the
 * decider checks, with no projection lag, so a removed member loses access on their next
 * request, and a founder can act on the organization the moment it exists. An organization's
 * stream holds only membership and settings changes, so folding it stays small.
 */
@Injectable()
export class MembershipReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** null when the organization does not exist, is deleted, or the user is not a member. */
  async roleOf(userId: string, organizationId: string): Promise<MemberRole | null> {
    const recorded = await this.store.readStream(organizationStreamId(organizationId));
    let state: OrganizationState = organizationDecider.initialState;
    for (const event of recorded) {
      state = organizationDecider.evolve(state, {
        type: event.type,
        schemaVersion: event.schemaVersion,
        data: event.data,
      } as OrganizationEvent);
    }
    return state.status === 'active' ? (state.members[userId] ?? null) : null;
  }
}
