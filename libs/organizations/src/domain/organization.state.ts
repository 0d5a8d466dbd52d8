import type { OrganizationSettings } from './organization.events';
import type { PlanId } from './plans';
import type { MemberRole } from './roles';

export interface PendingInvitation {
  readonly invitationId: string;
  /** Lower-cased; an erased invitee reads back as a non-string and matches nothing. */
  readonly email: unknown;
  readonly role: MemberRole;
  readonly tokenHash: string;
  readonly expiresAt: string;
}

export interface ActiveOrganization {
  readonly status: 'active';
  readonly organizationId: string;
  readonly name: string;
  readonly plan: PlanId;
  readonly members: Readonly<Record<string, MemberRole>>;
  readonly invitations: Readonly<Record<string, PendingInvitation>>;
  readonly settings: OrganizationSettings;
}

export type OrganizationState =
  | { readonly status: 'none' }
  | ActiveOrganization
  | { readonly status: 'deleted'; readonly organizationId: string };

export const initialOrganizationState: OrganizationState = { status: 'none' };

export const adminCount = (state: ActiveOrganization): number =>
  Object.values(state.members).filter((role) => role === 'admin').length;

export const isExpired = (invitation: PendingInvitation, now: Date): boolean =>
  now.getTime() >= Date.parse(invitation.expiresAt);

/** Members plus live invitations: an invitation holds a seat until accepted, revoked or expired. */
export const seatsTaken = (state: ActiveOrganization, now: Date): number =>
  Object.keys(state.members).length +
  Object.values(state.invitations).filter((invitation) => !isExpired(invitation, now)).length;
