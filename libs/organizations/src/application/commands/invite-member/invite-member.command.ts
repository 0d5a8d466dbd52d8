import { HeraldCommand, type RequestMetadata } from '@herald/commands';

export interface InvitationResult {
  readonly organizationId: string;
  readonly invitationId: string;
  readonly expiresAt: string;
  readonly revision: number | null;
}

/**
 * The caller generates the invitation token, emails the link and passes only its sha256
 * (`hashInvitationToken`): the token never travels on the bus, in logs or in the store.
 */
export class InviteMemberCommand extends HeraldCommand<InvitationResult> {
  readonly commandType = 'organizations.inviteMember';

  constructor(
    readonly organizationId: string,
    readonly email: string,
    readonly role: string,
    readonly tokenHash: string,
    metadata: RequestMetadata,
  ) {
    super(metadata);
  }
}
