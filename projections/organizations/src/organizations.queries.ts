import type { ProjectionCatalog } from '@herald/projections-runtime';
import { requireId, requireOrganizationId } from '@herald/projections/support';
import {
  ORGANIZATIONS_COLLECTIONS,
  ORGANIZATIONS_PROJECTION,
  type InvitationDocument,
  type MemberDocument,
  type OrganizationDocument,
} from './organizations.projection';

type WithoutStamp<T> = Omit<T, '_id'> & { readonly id: string };
export type OrganizationView = WithoutStamp<OrganizationDocument>;
export type MemberView = Omit<WithoutStamp<MemberDocument>, 'id'>;
export type InvitationView = WithoutStamp<InvitationDocument>;

export interface OrganizationsQueries {
  /** The organization unless deleted; null when unknown (the caller answers NOT_FOUND). */
  get(organizationId: string): Promise<OrganizationView | null>;
  members(organizationId: string): Promise<MemberView[]>;
  pendingInvitations(organizationId: string, now: Date): Promise<InvitationView[]>;
  /** The organizations a person belongs to, oldest membership first. */
  membershipsOf(userId: string): Promise<MemberView[]>;
}

function strip<T extends { _id: string }>(document: T): Omit<T, '_id'> & { id: string } {
  const { _id, _position: _stamp, ...rest } = document as T & { _position?: number };
  return { id: _id, ...rest } as Omit<T, '_id'> & { id: string };
}

function member(document: MemberDocument): MemberView {
  const { id: _id, ...rest } = strip(document);
  return rest;
}

export function organizationsQueries(catalog: ProjectionCatalog): OrganizationsQueries {
  const open = <T extends { _id: string }>(logical: string) =>
    catalog.open<T>(ORGANIZATIONS_PROJECTION, logical);
  return {
    async get(organizationId) {
      const id = requireOrganizationId(organizationId);
      const organizations = await open<OrganizationDocument>(ORGANIZATIONS_COLLECTIONS.organizations);
      const document = await organizations.findOne({ _id: id });
      return document === null || document.deleted ? null : strip(document);
    },
    async members(organizationId) {
      const id = requireOrganizationId(organizationId);
      const members = await open<MemberDocument>(ORGANIZATIONS_COLLECTIONS.members);
      const documents = await members.find({ organizationId: id }, { sort: { joinedAt: 1 } });
      return documents.map(member);
    },
    async pendingInvitations(organizationId, now) {
      const id = requireOrganizationId(organizationId);
      const invitations = await open<InvitationDocument>(ORGANIZATIONS_COLLECTIONS.invitations);
      const documents = await invitations.find(
        { organizationId: id, status: 'pending', expiresAt: { $gt: now.toISOString() } },
        { sort: { createdAt: 1 } },
      );
      return documents.map(strip);
    },
    async membershipsOf(userId) {
      const id = requireId(userId, 'userId');
      const members = await open<MemberDocument>(ORGANIZATIONS_COLLECTIONS.members);
      const documents = await members.find({ userId: id }, { sort: { joinedAt: 1 } });
      return documents.map(member);
    },
  };
}
