import { createHash } from 'node:crypto';
import type { CommandContext } from '@herald/shared-kernel';
import type { CommandOutcome, CommandPipeline, HeraldCommand } from '@herald/commands';
import { organizationDecider } from '../../domain/organization.decider';
import type { OrganizationCommand } from '../../domain/organization.commands';
import { type OrganizationEvent, organizationStreamId } from '../../domain/organization.events';
import type { OrganizationState } from '../../domain/organization.state';

export interface OrganizationCommandResult {
  readonly organizationId: string;
  /** Stream revision after the command: clients pass it back to detect stale views. */
  readonly revision: number | null;
}

export type OrganizationOutcome = CommandOutcome<OrganizationState, OrganizationEvent>;

export const revisionResult =
  (organizationId: string) =>
  (outcome: OrganizationOutcome): OrganizationCommandResult => ({
    organizationId,
    revision: outcome.revision,
  });

/** Runs a command against an existing organization's stream. */
export function executeOnOrganization<R>(
  pipeline: CommandPipeline,
  command: HeraldCommand<R>,
  organizationId: string,
  toDomain: (context: CommandContext) => OrganizationCommand,
  result: (outcome: OrganizationOutcome) => R,
): Promise<R> {
  return pipeline.execute(command, {
    decider: organizationDecider,
    prepare: () => ({ streamId: organizationStreamId(organizationId), command: toDomain }),
    result,
  });
}

/** Invitation links carry a random token; only its sha256 is ever stored or compared. */
export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}
