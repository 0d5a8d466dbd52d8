import { type CommandContext, type Decider, HeraldError, assertNever } from '@herald/shared-kernel';
import type { OrganizationCommand } from './organization.commands';
import type { OrganizationEvent, OrganizationSettings } from './organization.events';
import {
  DEFAULT_RETENTION_DAYS,
  INVITATION_TTL_MS,
  applyDailyCaps,
  validEmail,
  validName,
  validRetentionDays,
  validTimeZone,
  validTokenHash,
} from './organization.rules';
import {
  type ActiveOrganization,
  type OrganizationState,
  adminCount,
  initialOrganizationState,
  isExpired,
  seatsTaken,
} from './organization.state';
import { type PlanId, PLAN_IDS, PLAN_LIMITS, isPlanId } from './plans';
import { MEMBER_ROLES, type MemberRole, ROLES_MANAGERS_MAY_MANAGE, isMemberRole } from './roles';

type Active<T extends OrganizationCommand['type']> = Extract<OrganizationCommand, { type: T }>;

export const organizationDecider: Decider<OrganizationCommand, OrganizationEvent, OrganizationState> = {
  initialState: initialOrganizationState,

  decide(command, state) {
    if (command.type === 'CreateOrganization') return create(command, state);
    if (state.status === 'none') {
      throw new HeraldError('ORGANIZATION.NOT_FOUND', 'This organization does not exist.');
    }
    if (state.status === 'deleted') {
      throw new HeraldError(
        'ORGANIZATION.DELETED',
        'This organization has been deleted; nothing can change in it.',
        {
          organizationId: state.organizationId,
        },
      );
    }
    switch (command.type) {
      case 'RenameOrganization':
        return rename(command, state);
      case 'ChangePlan':
        return changePlan(command, state);
      case 'InviteMember':
        return invite(command, state);
      case 'AcceptInvitation':
        return accept(command, state);
      case 'RevokeInvitation':
        return revoke(command, state);
      case 'ChangeMemberRole':
        return changeRole(command, state);
      case 'RemoveMember':
        return removeMember(command, state);
      case 'UpdateSettings':
        return updateSettings(command, state);
      case 'DeleteOrganization':
        return remove(command, state);
      default:
        return assertNever(command, 'organization command');
    }
  },

  evolve(state, event) {
    if (event.type === 'organization.created') {
      const { organizationId, name, plan, settings } = event.data;
      return { status: 'active', organizationId, name, plan, settings, members: {}, invitations: {} };
    }
    if (state.status !== 'active') return state;
    switch (event.type) {
      case 'organization.renamed':
        return { ...state, name: event.data.name };
      case 'organization.planChanged':
        return { ...state, plan: event.data.to };
      case 'organization.memberInvited': {
        const { invitationId, email, role, tokenHash, expiresAt } = event.data;
        const invitation = {
          invitationId,
          email: typeof email === 'string' ? email.toLowerCase() : email,
          role,
          tokenHash,
          expiresAt,
        };
        return { ...state, invitations: { ...state.invitations, [invitationId]: invitation } };
      }
      case 'organization.invitationAccepted':
      case 'organization.invitationRevoked':
        return { ...state, invitations: without(state.invitations, event.data.invitationId) };
      case 'organization.memberAdded':
        return { ...state, members: { ...state.members, [event.data.userId]: event.data.role } };
      case 'organization.memberRoleChanged':
        return { ...state, members: { ...state.members, [event.data.userId]: event.data.to } };
      case 'organization.memberRemoved':
        return { ...state, members: without(state.members, event.data.userId) };
      case 'organization.settingsUpdated':
        return { ...state, settings: event.data.settings };
      case 'organization.deleted':
        return { status: 'deleted', organizationId: state.organizationId };
      default:
        return assertNever(event, 'organization event');
    }
  },
};

function create(command: Active<'CreateOrganization'>, state: OrganizationState): OrganizationEvent[] {
  if (state.status !== 'none') {
    throw new HeraldError('ORGANIZATION.ALREADY_EXISTS', 'An organization with this id already exists.');
  }
  const { actor } = command.context;
  if (actor.kind !== 'user') {
    throw forbidden('A person must create an organization: they become its first admin.');
  }
  const plan = validPlan(command.plan);
  const { organizationId } = command;
  const settings: OrganizationSettings = {
    timeZone: validTimeZone(command.timeZone),
    dataRetentionDays: DEFAULT_RETENTION_DAYS,
    requiresApproval: false,
    dailyCaps: {},
  };
  return [
    {
      type: 'organization.created',
      schemaVersion: 1,
      data: { organizationId, name: validName(command.name), plan, createdBy: actor.id, settings },
    },
    {
      type: 'organization.memberAdded',
      schemaVersion: 1,
      data: { organizationId, userId: actor.id, role: 'admin', via: 'founder' },
    },
  ];
}

function rename(command: Active<'RenameOrganization'>, state: ActiveOrganization): OrganizationEvent[] {
  requireRole(state, command.context, ['admin'], 'rename the organization');
  const name = validName(command.name);
  if (name === state.name) return [];
  return [
    { type: 'organization.renamed', schemaVersion: 1, data: { organizationId: state.organizationId, name } },
  ];
}

function changePlan(command: Active<'ChangePlan'>, state: ActiveOrganization): OrganizationEvent[] {
  // Billing applies the subscription Stripe reports (system/webhook actors): a fact, not a request.
  const fromBilling = command.context.actor.kind === 'system' || command.context.actor.kind === 'webhook';
  if (!fromBilling) requireRole(state, command.context, ['admin'], 'change the plan');
  const to = validPlan(command.plan);
  if (to === state.plan) return [];
  const members = Object.keys(state.members).length;
  if (!fromBilling && members > PLAN_LIMITS[to].members) {
    throw new HeraldError(
      'ORGANIZATION.PLAN_DOWNGRADE_BLOCKED',
      `The ${to} plan allows ${PLAN_LIMITS[to].members} members and this organization has ${members}; remove members first.`,
      { plan: to, members, limit: PLAN_LIMITS[to].members },
    );
  }
  return [
    {
      type: 'organization.planChanged',
      schemaVersion: 1,
      data: { organizationId: state.organizationId, from: state.plan, to },
    },
  ];
}

function invite(command: Active<'InviteMember'>, state: ActiveOrganization): OrganizationEvent[] {
  const role = validRole(command.role);
  const actorRole = requireRole(state, command.context, ['admin', 'manager'], 'invite members');
  if (actorRole === 'manager' && !ROLES_MANAGERS_MAY_MANAGE.includes(role)) {
    throw forbidden(
      `Managers may invite ${ROLES_MANAGERS_MAY_MANAGE.join(' or ')} members only; ask an admin.`,
    );
  }
  const email = validEmail(command.email);
  const { now } = command.context;
  const live = Object.values(state.invitations).filter((invitation) => !isExpired(invitation, now));
  if (live.some((invitation) => invitation.email === email)) {
    throw new HeraldError(
      'ORGANIZATION.ALREADY_INVITED',
      'This address already has a pending invitation; revoke it to send a new one.',
    );
  }
  const limit = PLAN_LIMITS[state.plan].members;
  if (seatsTaken(state, now) >= limit) throw memberLimit(state.plan, limit);
  return [
    {
      type: 'organization.memberInvited',
      schemaVersion: 1,
      data: {
        organizationId: state.organizationId,
        invitationId: command.invitationId,
        email,
        role,
        invitedBy: command.context.actor.id,
        tokenHash: validTokenHash(command.tokenHash),
        expiresAt: new Date(now.getTime() + INVITATION_TTL_MS).toISOString(),
      },
      personalFields: [{ path: 'email', subjectId: command.invitationId }],
    },
  ];
}

function accept(command: Active<'AcceptInvitation'>, state: ActiveOrganization): OrganizationEvent[] {
  const invitation = state.invitations[command.invitationId];
  if (!invitation) {
    throw new HeraldError(
      'ORGANIZATION.INVITATION_NOT_FOUND',
      'This invitation does not exist, was revoked, or was already accepted.',
    );
  }
  if (isExpired(invitation, command.context.now)) {
    throw new HeraldError(
      'ORGANIZATION.INVITATION_EXPIRED',
      'This invitation has expired; ask for a new one.',
      {
        expiresAt: invitation.expiresAt,
      },
    );
  }
  // Both sides are sha256 digests of a random token, so a plain comparison leaks nothing usable.
  if (command.tokenHash !== invitation.tokenHash) {
    throw new HeraldError(
      'ORGANIZATION.INVITATION_INVALID',
      'This invitation link is not valid; use the link from the email.',
    );
  }
  const { actor } = command.context;
  if (actor.kind !== 'user') throw forbidden('Only the invited person can accept an invitation.');
  if (state.members[actor.id]) {
    throw new HeraldError('ORGANIZATION.ALREADY_MEMBER', 'You are already a member of this organization.');
  }
  const limit = PLAN_LIMITS[state.plan].members;
  if (Object.keys(state.members).length >= limit) throw memberLimit(state.plan, limit);
  const { organizationId } = state;
  return [
    {
      type: 'organization.invitationAccepted',
      schemaVersion: 1,
      data: { organizationId, invitationId: invitation.invitationId, userId: actor.id },
    },
    {
      type: 'organization.memberAdded',
      schemaVersion: 1,
      data: { organizationId, userId: actor.id, role: invitation.role, via: 'invitation' },
    },
  ];
}

function revoke(command: Active<'RevokeInvitation'>, state: ActiveOrganization): OrganizationEvent[] {
  const actorRole = requireRole(state, command.context, ['admin', 'manager'], 'revoke invitations');
  const invitation = state.invitations[command.invitationId];
  if (!invitation) {
    throw new HeraldError(
      'ORGANIZATION.INVITATION_NOT_FOUND',
      'This invitation does not exist or was already used.',
    );
  }
  if (actorRole === 'manager' && !ROLES_MANAGERS_MAY_MANAGE.includes(invitation.role)) {
    throw forbidden('Only an admin can revoke this invitation.');
  }
  return [
    {
      type: 'organization.invitationRevoked',
      schemaVersion: 1,
      data: {
        organizationId: state.organizationId,
        invitationId: invitation.invitationId,
        revokedBy: command.context.actor.id,
      },
    },
  ];
}

function changeRole(command: Active<'ChangeMemberRole'>, state: ActiveOrganization): OrganizationEvent[] {
  requireRole(state, command.context, ['admin'], 'change roles');
  const to = validRole(command.role);
  const from = memberRole(state, command.userId);
  if (from === to) return [];
  if (from === 'admin' && adminCount(state) === 1) throw lastAdmin();
  return [
    {
      type: 'organization.memberRoleChanged',
      schemaVersion: 1,
      data: {
        organizationId: state.organizationId,
        userId: command.userId,
        from,
        to,
        changedBy: command.context.actor.id,
      },
    },
  ];
}

function removeMember(command: Active<'RemoveMember'>, state: ActiveOrganization): OrganizationEvent[] {
  const target = memberRole(state, command.userId);
  const leaving = command.context.actor.kind === 'user' && command.context.actor.id === command.userId;
  if (!leaving) {
    const actorRole = requireRole(state, command.context, ['admin', 'manager'], 'remove members');
    if (actorRole === 'manager' && !ROLES_MANAGERS_MAY_MANAGE.includes(target)) {
      throw forbidden('Only an admin can remove this member.');
    }
  }
  if (target === 'admin' && adminCount(state) === 1) throw lastAdmin();
  return [
    {
      type: 'organization.memberRemoved',
      schemaVersion: 1,
      data: {
        organizationId: state.organizationId,
        userId: command.userId,
        removedBy: command.context.actor.id,
      },
    },
  ];
}

function updateSettings(command: Active<'UpdateSettings'>, state: ActiveOrganization): OrganizationEvent[] {
  requireRole(state, command.context, ['admin'], 'change settings');
  const { changes } = command;
  const current = state.settings;
  const next: OrganizationSettings = {
    timeZone: changes.timeZone === undefined ? current.timeZone : validTimeZone(changes.timeZone),
    dataRetentionDays:
      changes.dataRetentionDays === undefined
        ? current.dataRetentionDays
        : validRetentionDays(changes.dataRetentionDays),
    requiresApproval: changes.requiresApproval ?? current.requiresApproval,
    dailyCaps:
      changes.dailyCaps === undefined
        ? current.dailyCaps
        : applyDailyCaps(current.dailyCaps, changes.dailyCaps),
  };
  const changed = (Object.keys(next) as (keyof OrganizationSettings)[]).filter(
    (key) => JSON.stringify(sortedCaps(next[key])) !== JSON.stringify(sortedCaps(current[key])),
  );
  if (changed.length === 0) return [];
  return [
    {
      type: 'organization.settingsUpdated',
      schemaVersion: 1,
      data: { organizationId: state.organizationId, settings: next, changed },
    },
  ];
}

function remove(command: Active<'DeleteOrganization'>, state: ActiveOrganization): OrganizationEvent[] {
  requireRole(state, command.context, ['admin'], 'delete the organization');
  if (typeof command.confirmName !== 'string' || command.confirmName.trim() !== state.name) {
    throw new HeraldError(
      'ORGANIZATION.DELETE_CONFIRMATION_MISMATCH',
      'Type the organization name exactly to confirm its deletion.',
      { field: 'confirmName' },
    );
  }
  return [
    {
      type: 'organization.deleted',
      schemaVersion: 1,
      data: { organizationId: state.organizationId, deletedBy: command.context.actor.id },
    },
  ];
}

/** The acting member's role when it is one of `allowed`; throws ORGANIZATION.FORBIDDEN otherwise. */
function requireRole(
  state: ActiveOrganization,
  context: CommandContext,
  allowed: readonly MemberRole[],
  action: string,
): MemberRole {
  const role = context.actor.kind === 'user' ? state.members[context.actor.id] : undefined;
  if (role === undefined || !allowed.includes(role)) {
    throw forbidden(`Only ${allowed.map((r) => `${r}s`).join(' or ')} can ${action}.`, {
      requiredRoles: allowed,
    });
  }
  return role;
}

function memberRole(state: ActiveOrganization, userId: string): MemberRole {
  const role = state.members[userId];
  if (!role)
    throw new HeraldError(
      'ORGANIZATION.MEMBER_NOT_FOUND',
      'This person is not a member of the organization.',
    );
  return role;
}

function validPlan(plan: string): PlanId {
  if (!isPlanId(plan)) {
    throw new HeraldError('ORGANIZATION.PLAN_INVALID', `Choose one of the plans: ${PLAN_IDS.join(', ')}.`, {
      field: 'plan',
    });
  }
  return plan;
}

function validRole(role: string): MemberRole {
  if (!isMemberRole(role)) {
    throw new HeraldError(
      'ORGANIZATION.ROLE_INVALID',
      `Choose one of the roles: ${MEMBER_ROLES.join(', ')}.`,
      { field: 'role' },
    );
  }
  return role;
}

const forbidden = (message: string, details: Record<string, unknown> = {}) =>
  new HeraldError('ORGANIZATION.FORBIDDEN', message, details);

const lastAdmin = () =>
  new HeraldError(
    'ORGANIZATION.LAST_ADMIN',
    'An organization needs at least one admin; make someone else admin first.',
  );

const memberLimit = (plan: PlanId, limit: number) =>
  new HeraldError(
    'ORGANIZATION.MEMBER_LIMIT_REACHED',
    `The ${plan} plan allows ${limit} members, pending invitations included; upgrade the plan or revoke an invitation.`,
    { plan, limit },
  );

function without<V>(record: Readonly<Record<string, V>>, key: string): Record<string, V> {
  const copy = { ...record };
  delete copy[key];
  return copy;
}

/** Cap overrides compare by content, not key order. */
function sortedCaps(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).sort(([a], [b]) => a.localeCompare(b)));
}
