import type { CommandContext } from '@herald/shared-kernel';

import type { PlanId } from './plans';
import type { MemberRole } from './roles';

/**
 * Domain commands. The acting user's role is read from the organization's own member list
 * (this aggregate is where roles live); system and webhook actors act for billing and operators.
 * Inputs arrive untyped from the edges, hence `string` where a union is checked in `decide`.
 */
export type OrganizationCommand =
  | {
      type: 'CreateOrganization';
      organizationId: string;
      name: string;
      plan: string;
      timeZone: string;
      context: CommandContext;
    }
  | { type: 'RenameOrganization'; name: string; context: CommandContext }
  | { type: 'ChangePlan'; plan: string; context: CommandContext }
  | {
      type: 'InviteMember';
      invitationId: string;
      email: string;
      role: string;
      tokenHash: string;
      context: CommandContext;
    }
  | { type: 'AcceptInvitation'; invitationId: string; tokenHash: string; context: CommandContext }
  | { type: 'RevokeInvitation'; invitationId: string; context: CommandContext }
  | { type: 'ChangeMemberRole'; userId: string; role: string; context: CommandContext }
  | { type: 'RemoveMember'; userId: string; context: CommandContext }
  | { type: 'UpdateSettings'; changes: OrganizationSettingsChanges; context: CommandContext }
  | { type: 'DeleteOrganization'; confirmName: string; context: CommandContext };

export interface OrganizationSettingsChanges {
  readonly timeZone?: string;
  readonly dataRetentionDays?: number;
  readonly requiresApproval?: boolean;
  /** A number overrides the platform's cap; null restores the default. */
  readonly dailyCaps?: Readonly<Record<string, number | null>>;
}

export type { MemberRole, PlanId };
