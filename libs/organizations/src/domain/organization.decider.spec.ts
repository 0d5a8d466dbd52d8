import type { CommandContext } from '@herald/shared-kernel';
import { deciderSpec } from '@herald/testing';
import { organizationDecider } from './organization.decider';
import type { OrganizationCommand } from './organization.commands';
import type { OrganizationEvent } from './organization.events';
import { DEFAULT_DAILY_CAPS } from './daily-caps';
import { PLAN_LIMITS } from './plans';

const ORG = 'org-1';
const ADA = 'user-ada';
const BOB = 'user-bob';
const CLEO = 'user-cleo';
const NOW = new Date('2025-03-01T10:00:00.000Z');
const TOKEN_HASH = 'a'.repeat(64);
const DAY = 24 * 60 * 60 * 1000;

const as = (userId: string, now = NOW): CommandContext => ({
  now,
  actor: { kind: 'user', id: userId },
  tenantId: ORG,
});
const system: CommandContext = { now: NOW, actor: { kind: 'system', id: 'billing' }, tenantId: ORG };

const created = (plan: 'free' | 'pro' | 'enterprise' = 'pro'): OrganizationEvent[] => [
  {
    type: 'organization.created',
    schemaVersion: 1,
    data: {
      organizationId: ORG,
      name: 'Acme',
      plan,
      createdBy: ADA,
      settings: { timeZone: 'Europe/Paris', dataRetentionDays: 730, requiresApproval: false, dailyCaps: {} },
    },
  },
  {
    type: 'organization.memberAdded',
    schemaVersion: 1,
    data: { organizationId: ORG, userId: ADA, role: 'admin', via: 'founder' },
  },
];
const joined = (
  userId: string,
  role: 'admin' | 'manager' | 'editor' | 'viewer' | 'compliance',
): OrganizationEvent => ({
  type: 'organization.memberAdded',
  schemaVersion: 1,
  data: { organizationId: ORG, userId, role, via: 'invitation' },
});
const invited = (
  invitationId: string,
  email: string,
  role: 'editor' | 'admin' = 'editor',
  at = NOW,
): OrganizationEvent => ({
  type: 'organization.memberInvited',
  schemaVersion: 1,
  data: {
    organizationId: ORG,
    invitationId,
    email,
    role,
    invitedBy: ADA,
    tokenHash: TOKEN_HASH,
    expiresAt: new Date(at.getTime() + 7 * DAY).toISOString(),
  },
  personalFields: [{ path: 'email', subjectId: invitationId }],
});
const inviteCmd = (
  overrides: Partial<Extract<OrganizationCommand, { type: 'InviteMember' }>> = {},
): OrganizationCommand => ({
  type: 'InviteMember',
  invitationId: 'inv-1',
  email: 'New.Person@Example.com',
  role: 'editor',
  tokenHash: TOKEN_HASH,
  context: as(ADA),
  ...overrides,
});

describe('organizationDecider', () => {
  const spec = deciderSpec(organizationDecider);

  describe('creating', () => {
    it('creates the organization with its creator as first admin and default settings', () => {
      spec
        .given([])
        .when({
          type: 'CreateOrganization',
          organizationId: ORG,
          name: '  Acme ',
          plan: 'pro',
          timeZone: 'Europe/Paris',
          context: as(ADA),
        })
        .then(created('pro'));
    });

    it('refuses an unknown time zone, an abbreviation, a blank name and an unknown plan', () => {
      const base = {
        type: 'CreateOrganization' as const,
        organizationId: ORG,
        name: 'Acme',
        plan: 'free',
        timeZone: 'UTC',
        context: as(ADA),
      };
      spec
        .given([])
        .when({ ...base, timeZone: 'Mars/Olympus' })
        .thenThrows('ORGANIZATION.TIME_ZONE_INVALID');
      spec
        .given([])
        .when({ ...base, timeZone: 'EST' })
        .thenThrows('ORGANIZATION.TIME_ZONE_INVALID');
      spec
        .given([])
        .when({ ...base, name: '   ' })
        .thenThrows('ORGANIZATION.NAME_INVALID');
      spec
        .given([])
        .when({ ...base, name: 'x'.repeat(101) })
        .thenThrows('ORGANIZATION.NAME_INVALID');
      spec
        .given([])
        .when({ ...base, plan: 'platinum' })
        .thenThrows('ORGANIZATION.PLAN_INVALID');
    });

    it('cannot create the same organization twice', () => {
      spec
        .given(created())
        .when({
          type: 'CreateOrganization',
          organizationId: ORG,
          name: 'Acme',
          plan: 'free',
          timeZone: 'UTC',
          context: as(ADA),
        })
        .thenThrows('ORGANIZATION.ALREADY_EXISTS');
    });

    it('answers ORGANIZATION.NOT_FOUND to any other command on a missing organization', () => {
      spec
        .given([])
        .when({ type: 'RenameOrganization', name: 'X', context: as(ADA) })
        .thenThrows('ORGANIZATION.NOT_FOUND');
    });
  });

  describe('renaming and plans', () => {
    it('lets an admin rename, and does nothing for the same name', () => {
      spec
        .given(created())
        .when({ type: 'RenameOrganization', name: 'Acme Studio', context: as(ADA) })
        .then([
          {
            type: 'organization.renamed',
            schemaVersion: 1,
            data: { organizationId: ORG, name: 'Acme Studio' },
          },
        ]);
      spec
        .given(created())
        .when({ type: 'RenameOrganization', name: 'Acme', context: as(ADA) })
        .then([]);
    });

    it('keeps renames and plan changes to admins', () => {
      const history = [...created(), joined(BOB, 'manager')];
      spec
        .given(history)
        .when({ type: 'RenameOrganization', name: 'X', context: as(BOB) })
        .thenThrows('ORGANIZATION.FORBIDDEN');
      const error = spec
        .given(history)
        .when({ type: 'ChangePlan', plan: 'enterprise', context: as(BOB) })
        .thenThrows('ORGANIZATION.FORBIDDEN');
      expect(error.details).toEqual({ requiredRoles: ['admin'] });
      spec
        .given(history)
        .when({ type: 'ChangePlan', plan: 'enterprise', context: as('stranger') })
        .thenThrows('ORGANIZATION.FORBIDDEN');
    });

    it('changes the plan for an admin or for billing', () => {
      const planChanged = (from: string, to: string) => [
        { type: 'organization.planChanged', schemaVersion: 1, data: { organizationId: ORG, from, to } },
      ];
      spec
        .given(created('free'))
        .when({ type: 'ChangePlan', plan: 'pro', context: as(ADA) })
        .then(planChanged('free', 'pro') as OrganizationEvent[]);
      spec
        .given(created('pro'))
        .when({ type: 'ChangePlan', plan: 'enterprise', context: system })
        .then(planChanged('pro', 'enterprise') as OrganizationEvent[]);
      spec
        .given(created('pro'))
        .when({ type: 'ChangePlan', plan: 'pro', context: as(ADA) })
        .then([]);
    });

    it('blocks a downgrade below the member count, unless billing imposes it', () => {
      const crowded = [
        ...created('pro'),
        joined(BOB, 'editor'),
        joined(CLEO, 'editor'),
        joined('user-dan', 'viewer'),
      ];
      expect(PLAN_LIMITS.free.members).toBe(3);
      const error = spec
        .given(crowded)
        .when({ type: 'ChangePlan', plan: 'free', context: as(ADA) })
        .thenThrows('ORGANIZATION.PLAN_DOWNGRADE_BLOCKED');
      expect(error.details).toEqual({ plan: 'free', members: 4, limit: 3 });
      expect(
        spec.given(crowded).when({ type: 'ChangePlan', plan: 'free', context: system }).thenEvents(),
      ).toHaveLength(1);
    });
  });

  describe('invitations', () => {
    it('invites with a normalized email marked as personal data of the invitation, valid for 7 days', () => {
      spec
        .given(created())
        .when(inviteCmd())
        .then([invited('inv-1', 'new.person@example.com')]);
    });

    it('lets managers invite editors and viewers only', () => {
      const history = [...created(), joined(BOB, 'manager')];
      expect(
        spec
          .given(history)
          .when(inviteCmd({ role: 'viewer', context: as(BOB) }))
          .thenEvents(),
      ).toHaveLength(1);
      spec
        .given(history)
        .when(inviteCmd({ role: 'admin', context: as(BOB) }))
        .thenThrows('ORGANIZATION.FORBIDDEN');
      spec
        .given([...created(), joined(CLEO, 'editor')])
        .when(inviteCmd({ context: as(CLEO) }))
        .thenThrows('ORGANIZATION.FORBIDDEN');
    });

    it('refuses a malformed email, an unknown role and a second live invitation to the same address', () => {
      spec
        .given(created())
        .when(inviteCmd({ email: 'not-an-email' }))
        .thenThrows('ORGANIZATION.EMAIL_INVALID');
      spec
        .given(created())
        .when(inviteCmd({ role: 'owner' }))
        .thenThrows('ORGANIZATION.ROLE_INVALID');
      spec
        .given([...created(), invited('inv-0', 'new.person@example.com')])
        .when(inviteCmd())
        .thenThrows('ORGANIZATION.ALREADY_INVITED');
    });

    it('allows inviting again once the earlier invitation expired', () => {
      const old = invited('inv-0', 'new.person@example.com', 'editor', new Date(NOW.getTime() - 8 * DAY));
      expect(
        spec
          .given([...created(), old])
          .when(inviteCmd())
          .thenEvents(),
      ).toHaveLength(1);
    });

    it('counts live invitations against the plan member limit', () => {
      const full = [...created('free'), joined(BOB, 'editor'), invited('inv-0', 'someone@example.com')];
      const error = spec.given(full).when(inviteCmd()).thenThrows('ORGANIZATION.MEMBER_LIMIT_REACHED');
      expect(error.details).toEqual({ plan: 'free', limit: 3 });
    });

    it('makes the accepting user a member with the invited role', () => {
      spec
        .given([...created(), invited('inv-1', 'cleo@example.com')])
        .when({ type: 'AcceptInvitation', invitationId: 'inv-1', tokenHash: TOKEN_HASH, context: as(CLEO) })
        .then([
          {
            type: 'organization.invitationAccepted',
            schemaVersion: 1,
            data: { organizationId: ORG, invitationId: 'inv-1', userId: CLEO },
          },
          {
            type: 'organization.memberAdded',
            schemaVersion: 1,
            data: { organizationId: ORG, userId: CLEO, role: 'editor', via: 'invitation' },
          },
        ]);
    });

    it('refuses a wrong token, an expired, revoked or used invitation, and an existing member', () => {
      const pending = [...created(), invited('inv-1', 'cleo@example.com')];
      const accept = (context: CommandContext, tokenHash = TOKEN_HASH): OrganizationCommand => ({
        type: 'AcceptInvitation',
        invitationId: 'inv-1',
        tokenHash,
        context,
      });
      spec
        .given(pending)
        .when(accept(as(CLEO), 'b'.repeat(64)))
        .thenThrows('ORGANIZATION.INVITATION_INVALID');
      spec
        .given(pending)
        .when(accept(as(CLEO, new Date(NOW.getTime() + 7 * DAY))))
        .thenThrows('ORGANIZATION.INVITATION_EXPIRED');
      spec
        .given(pending)
        .when(accept(as(ADA)))
        .thenThrows('ORGANIZATION.ALREADY_MEMBER');
      const revoked: OrganizationEvent = {
        type: 'organization.invitationRevoked',
        schemaVersion: 1,
        data: { organizationId: ORG, invitationId: 'inv-1', revokedBy: ADA },
      };
      spec
        .given([...pending, revoked])
        .when(accept(as(CLEO)))
        .thenThrows('ORGANIZATION.INVITATION_NOT_FOUND');
      const used = spec
        .given(pending)
        .when(accept(as(CLEO)))
        .thenEvents();
      spec
        .given([...pending, ...used])
        .when(accept(as(BOB)))
        .thenThrows('ORGANIZATION.INVITATION_NOT_FOUND');
    });

    it('lets admins revoke any invitation and managers only those for editors and viewers', () => {
      const history = [
        ...created(),
        joined(BOB, 'manager'),
        invited('inv-a', 'a@example.com', 'admin'),
        invited('inv-e', 'e@example.com'),
      ];
      spec
        .given(history)
        .when({ type: 'RevokeInvitation', invitationId: 'inv-a', context: as(BOB) })
        .thenThrows('ORGANIZATION.FORBIDDEN');
      expect(
        spec
          .given(history)
          .when({ type: 'RevokeInvitation', invitationId: 'inv-e', context: as(BOB) })
          .thenEvents(),
      ).toHaveLength(1);
      expect(
        spec
          .given(history)
          .when({ type: 'RevokeInvitation', invitationId: 'inv-a', context: as(ADA) })
          .thenEvents(),
      ).toHaveLength(1);
    });
  });

  describe('roles and members', () => {
    const team = [...created(), joined(BOB, 'manager'), joined(CLEO, 'editor')];

    it('lets only admins change roles', () => {
      spec
        .given(team)
        .when({ type: 'ChangeMemberRole', userId: CLEO, role: 'compliance', context: as(ADA) })
        .then([
          {
            type: 'organization.memberRoleChanged',
            schemaVersion: 1,
            data: { organizationId: ORG, userId: CLEO, from: 'editor', to: 'compliance', changedBy: ADA },
          },
        ]);
      spec
        .given(team)
        .when({ type: 'ChangeMemberRole', userId: CLEO, role: 'viewer', context: as(BOB) })
        .thenThrows('ORGANIZATION.FORBIDDEN');
      spec
        .given(team)
        .when({ type: 'ChangeMemberRole', userId: 'nobody', role: 'viewer', context: as(ADA) })
        .thenThrows('ORGANIZATION.MEMBER_NOT_FOUND');
    });

    it('never leaves the organization without an admin', () => {
      spec
        .given(team)
        .when({ type: 'ChangeMemberRole', userId: ADA, role: 'editor', context: as(ADA) })
        .thenThrows('ORGANIZATION.LAST_ADMIN');
      spec
        .given(team)
        .when({ type: 'RemoveMember', userId: ADA, context: as(ADA) })
        .thenThrows('ORGANIZATION.LAST_ADMIN');
      const twoAdmins = [...team, joined('user-dan', 'admin')];
      expect(
        spec
          .given(twoAdmins)
          .when({ type: 'RemoveMember', userId: ADA, context: as(ADA) })
          .thenEvents(),
      ).toHaveLength(1);
    });

    it('lets members leave, managers remove editors and viewers, and admins remove anyone', () => {
      const removed = (userId: string, by: string): OrganizationEvent[] => [
        {
          type: 'organization.memberRemoved',
          schemaVersion: 1,
          data: { organizationId: ORG, userId, removedBy: by },
        },
      ];
      spec
        .given(team)
        .when({ type: 'RemoveMember', userId: CLEO, context: as(CLEO) })
        .then(removed(CLEO, CLEO));
      spec
        .given(team)
        .when({ type: 'RemoveMember', userId: CLEO, context: as(BOB) })
        .then(removed(CLEO, BOB));
      spec
        .given(team)
        .when({ type: 'RemoveMember', userId: BOB, context: as(ADA) })
        .then(removed(BOB, ADA));
      spec
        .given(team)
        .when({ type: 'RemoveMember', userId: ADA, context: as(BOB) })
        .thenThrows('ORGANIZATION.FORBIDDEN');
      spec
        .given(team)
        .when({ type: 'RemoveMember', userId: BOB, context: as(CLEO) })
        .thenThrows('ORGANIZATION.FORBIDDEN');
    });

    it('frees the seat of a removed member', () => {
      const full = [...created('free'), joined(BOB, 'editor'), joined(CLEO, 'editor')];
      spec.given(full).when(inviteCmd()).thenThrows('ORGANIZATION.MEMBER_LIMIT_REACHED');
      const removed: OrganizationEvent = {
        type: 'organization.memberRemoved',
        schemaVersion: 1,
        data: { organizationId: ORG, userId: CLEO, removedBy: ADA },
      };
      expect(
        spec
          .given([...full, removed])
          .when(inviteCmd())
          .thenEvents(),
      ).toHaveLength(1);
    });
  });

  describe('settings', () => {
    const update = (
      changes: Extract<OrganizationCommand, { type: 'UpdateSettings' }>['changes'],
      context = as(ADA),
    ): OrganizationCommand => ({
      type: 'UpdateSettings',
      changes,
      context,
    });

    it('records the new settings and which ones changed', () => {
      spec
        .given(created())
        .when(update({ timeZone: 'America/New_York', requiresApproval: true, dailyCaps: { linkedin: 4 } }))
        .then([
          {
            type: 'organization.settingsUpdated',
            schemaVersion: 1,
            data: {
              organizationId: ORG,
              settings: {
                timeZone: 'America/New_York',
                dataRetentionDays: 730,
                requiresApproval: true,
                dailyCaps: { linkedin: 4 },
              },
              changed: ['timeZone', 'requiresApproval', 'dailyCaps'],
            },
          },
        ]);
    });

    it('restores a default cap with null and ignores no-op changes', () => {
      const capped = spec
        .given(created())
        .when(update({ dailyCaps: { x: 20, tiktok: 2 } }))
        .thenEvents();
      const [reset] = spec
        .given([...created(), ...capped])
        .when(update({ dailyCaps: { x: null } }))
        .thenEvents();
      expect(reset.data).toMatchObject({ settings: { dailyCaps: { tiktok: 2 } }, changed: ['dailyCaps'] });
      spec
        .given([...created(), ...capped])
        .when(update({ dailyCaps: { tiktok: 2 }, timeZone: 'Europe/Paris' }))
        .then([]);
      expect(DEFAULT_DAILY_CAPS).toEqual({ instagram: 3, facebook: 5, linkedin: 2, x: 10, tiktok: 4 });
    });

    it('validates time zone, retention bounds and caps, and keeps settings to admins', () => {
      spec
        .given(created())
        .when(update({ timeZone: 'Paris' }))
        .thenThrows('ORGANIZATION.TIME_ZONE_INVALID');
      spec
        .given(created())
        .when(update({ dataRetentionDays: 29 }))
        .thenThrows('ORGANIZATION.RETENTION_OUT_OF_RANGE');
      spec
        .given(created())
        .when(update({ dataRetentionDays: 3651 }))
        .thenThrows('ORGANIZATION.RETENTION_OUT_OF_RANGE');
      spec
        .given(created())
        .when(update({ dataRetentionDays: 90.5 }))
        .thenThrows('ORGANIZATION.RETENTION_OUT_OF_RANGE');
      expect(
        spec
          .given(created())
          .when(update({ dataRetentionDays: 30 }))
          .thenEvents(),
      ).toHaveLength(1);
      spec
        .given(created())
        .when(update({ dailyCaps: { myspace: 3 } }))
        .thenThrows('ORGANIZATION.DAILY_CAP_INVALID');
      spec
        .given(created())
        .when(update({ dailyCaps: { x: 0 } }))
        .thenThrows('ORGANIZATION.DAILY_CAP_INVALID');
      spec
        .given([...created(), joined(BOB, 'manager')])
        .when(update({ requiresApproval: true }, as(BOB)))
        .thenThrows('ORGANIZATION.FORBIDDEN');
    });
  });

  describe('deleting', () => {
    it('needs an admin and the exact name, and then accepts nothing more', () => {
      spec
        .given(created())
        .when({ type: 'DeleteOrganization', confirmName: 'acme', context: as(ADA) })
        .thenThrows('ORGANIZATION.DELETE_CONFIRMATION_MISMATCH');
      spec
        .given([...created(), joined(BOB, 'manager')])
        .when({ type: 'DeleteOrganization', confirmName: 'Acme', context: as(BOB) })
        .thenThrows('ORGANIZATION.FORBIDDEN');
      const deleted = spec
        .given(created())
        .when({ type: 'DeleteOrganization', confirmName: 'Acme', context: as(ADA) })
        .thenEvents();
      expect(deleted).toEqual([
        { type: 'organization.deleted', schemaVersion: 1, data: { organizationId: ORG, deletedBy: ADA } },
      ]);
      spec
        .given([...created(), ...deleted])
        .when({ type: 'RenameOrganization', name: 'Phoenix', context: as(ADA) })
        .thenThrows('ORGANIZATION.DELETED');
      spec
        .given([...created(), ...deleted])
        .when(inviteCmd())
        .thenThrows('ORGANIZATION.DELETED');
    });
  });
});
