import type { OrganizationEvent } from '@herald/organizations';
import { organizationEvents, ProjectionTestBed } from '@herald/projections/support';
import { organizationsProjection } from './organizations.projection';
import { organizationsQueries, type OrganizationsQueries } from './organizations.queries';

const ORG = 'org-a';
const OTHER = 'org-b';

const memberAdded = (
  organizationId: string,
  userId: string,
  role: 'admin' | 'viewer' = 'admin',
): OrganizationEvent => ({
  type: 'organization.memberAdded',
  schemaVersion: 1,
  data: { organizationId, userId, role, via: role === 'admin' ? 'founder' : 'invitation' },
});

const invited = (invitationId: string, expiresAt: string): OrganizationEvent => ({
  type: 'organization.memberInvited',
  schemaVersion: 1,
  data: {
    organizationId: ORG,
    invitationId,
    email: 'invitee@example.com',
    role: 'viewer',
    invitedBy: 'user-ada',
    tokenHash: 'a'.repeat(64),
    expiresAt,
  },
  personalFields: [{ path: 'email', subjectId: invitationId }],
});

describe(organizationsProjection.name, () => {
  let bed: ProjectionTestBed;
  let sut: OrganizationsQueries;

  beforeAll(async () => {
    bed = await ProjectionTestBed.open([organizationsProjection], { start: '2030-01-01T00:00:00.000Z' });
    await bed.append(
      `organization-${ORG}`,
      [
        organizationEvents.created(ORG),
        memberAdded(ORG, 'user-ada'),
        invited('inv-1', '2030-01-08T00:00:00.000Z'),
        invited('inv-2', '2030-01-08T00:00:00.000Z'),
        {
          type: 'organization.invitationAccepted',
          schemaVersion: 1,
          data: { organizationId: ORG, invitationId: 'inv-1', userId: 'user-bob' },
        },
        memberAdded(ORG, 'user-bob', 'viewer'),
        {
          type: 'organization.memberRoleChanged',
          schemaVersion: 1,
          data: {
            organizationId: ORG,
            userId: 'user-bob',
            from: 'viewer',
            to: 'editor',
            changedBy: 'user-ada',
          },
        },
        invited('inv-3', '2030-01-08T00:00:00.000Z'),
        {
          type: 'organization.invitationRevoked',
          schemaVersion: 1,
          data: { organizationId: ORG, invitationId: 'inv-3', revokedBy: 'user-ada' },
        },
        {
          type: 'organization.renamed',
          schemaVersion: 1,
          data: { organizationId: ORG, name: 'Acme Studio' },
        },
      ],
      { tenantId: ORG },
    );
    await bed.append(
      `organization-${OTHER}`,
      [
        organizationEvents.created(OTHER),
        memberAdded(OTHER, 'user-bob'),
        memberAdded(OTHER, 'user-cy', 'viewer'),
        {
          type: 'organization.memberRemoved',
          schemaVersion: 1,
          data: { organizationId: OTHER, userId: 'user-cy', removedBy: 'user-bob' },
        },
      ],
      { tenantId: OTHER },
    );
    await bed.start();
    await bed.caughtUp();
    sut = organizationsQueries(bed.catalog);
  });

  afterAll(() => bed.close());

  it('keeps the organization with its latest name, plan and settings', async () => {
    expect(await sut.get(ORG)).toMatchObject({
      id: ORG,
      name: 'Acme Studio',
      plan: 'pro',
      createdBy: 'user-founder',
      settings: { timeZone: 'UTC', dataRetentionDays: 365 },
      deleted: false,
    });
    expect(await sut.get('org-unknown')).toBeNull();
  });

  it('lists members with their current role, removed ones gone', async () => {
    expect((await sut.members(ORG)).map(({ userId, role }) => [userId, role])).toEqual([
      ['user-ada', 'admin'],
      ['user-bob', 'editor'],
    ]);
    expect((await sut.members(OTHER)).map(({ userId }) => userId)).toEqual(['user-bob']);
  });

  it('finds every organization of a person, oldest membership first', async () => {
    expect(
      (await sut.membershipsOf('user-bob')).map(({ organizationId, role }) => [organizationId, role]),
    ).toEqual([
      [ORG, 'editor'],
      [OTHER, 'admin'],
    ]);
  });

  it('lists only live pending invitations, without the invitee address', async () => {
    const pending = await sut.pendingInvitations(ORG, new Date('2030-01-02T00:00:00.000Z'));
    expect(pending.map((invitation) => invitation.id)).toEqual(['inv-2']);
    expect(JSON.stringify(pending)).not.toContain('invitee@example.com');
    expect(await sut.pendingInvitations(ORG, new Date('2030-01-09T00:00:00.000Z'))).toEqual([]);
  });

  it('hides a deleted organization and drops its memberships', async () => {
    await bed.append(
      `organization-${OTHER}`,
      [
        {
          type: 'organization.deleted',
          schemaVersion: 1,
          data: { organizationId: OTHER, deletedBy: 'user-bob' },
        },
      ],
      { tenantId: OTHER },
    );
    await bed.caughtUp();
    expect(await sut.get(OTHER)).toBeNull();
    expect((await sut.membershipsOf('user-bob')).map(({ organizationId }) => organizationId)).toEqual([ORG]);
  });

  it('rebuilds to the same documents', async () => {
    const before = await bed.snapshot();
    await bed.rebuild('organizations');
    expect(await bed.snapshot()).toEqual(before);
  });
});
