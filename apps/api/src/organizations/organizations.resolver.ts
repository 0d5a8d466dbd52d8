import { createHmac, randomBytes } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, ArgsType, Field, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import {
  AcceptInvitationCommand,
  ChangeMemberRoleCommand,
  CreateOrganizationCommand,
  InviteMemberCommand,
  MEMBER_ROLES,
  type OrganizationCommandResult,
  RemoveMemberCommand,
  UpdateOrganizationSettingsCommand,
  hashInvitationToken,
} from '@herald/organizations';
import { ProjectionCatalog } from '@herald/projections-runtime';
import {
  organizationsQueries,
  type OrganizationView,
  type OrganizationsQueries,
} from '@herald/projections/organizations';
import { CLOCK, type Clock, HeraldError } from '@herald/shared-kernel';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import { commandMetadata, requireActor, type HeraldRequestContext } from '../graphql/request-context';
import { UUID } from '../identity/auth.inputs';
import { toAccessToken } from '../identity/auth.resolver';
import { AuthService } from '../identity/auth.service';
import {
  AcceptInvitationInput,
  ChangeMemberRoleInput,
  CreateOrganizationInput,
  InviteMemberInput,
  RemoveMemberInput,
  UpdateOrganizationSettingsInput,
} from './organization.inputs';
import {
  CreatedOrganization,
  Invitation,
  JoinedOrganization,
  Member,
  Organization,
  OrganizationChange,
  PendingInvitation,
} from './organization.models';

export const INVITATION_TOKEN_KEY = Symbol('InvitationTokenKey');

@ArgsType()
class OrganizationArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be an organization id' })
  organizationId!: string;
}

/** One per user intent: a retry with the same key returns the first answer and changes nothing. */
const IdempotencyKey = (): ParameterDecorator =>
  Args('idempotencyKey', {
    type: () => String,
    nullable: true,
    description:
      'One per user intent: a retry with the same key returns the first answer and changes nothing (1 to 255 characters).',
  });

/**
 * Thin: validate (inputs), check access (guard), dispatch the command, map the answer. Reads
 * come from the organizations projection.
 */
@Resolver(() => Organization)
export class OrganizationsResolver {
  private readonly queries: OrganizationsQueries;

  constructor(
    private readonly commandBus: CommandBus,
    private readonly auth: AuthService,
    catalog: ProjectionCatalog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(INVITATION_TOKEN_KEY) private readonly invitationTokenKey: Buffer,
  ) {
    this.queries = organizationsQueries(catalog);
  }

  @RequireRole(...MEMBER_ROLES)
  @Query(() => Organization, { description: 'The organization you act in; any other id is NOT_FOUND.' })
  async organization(@Args() args: OrganizationArgs): Promise<Organization> {
    const view = await this.queries.get(args.organizationId);
    if (view === null)
      throw new HeraldError('NOT_FOUND', 'This organization does not exist.', {
        organizationId: args.organizationId,
      });
    return toOrganization(view);
  }

  @ResolveField(() => [Member])
  async members(@Parent() organization: Organization): Promise<Member[]> {
    return (await this.queries.members(organization.id)).map((member) => ({
      userId: member.userId,
      role: member.role,
      joinedAt: new Date(member.joinedAt),
    }));
  }

  @ResolveField(() => [PendingInvitation])
  async pendingInvitations(@Parent() organization: Organization): Promise<PendingInvitation[]> {
    return (await this.queries.pendingInvitations(organization.id, this.clock.now())).map((invitation) => ({
      id: invitation.id,
      role: invitation.role,
      invitedBy: invitation.invitedBy,
      expiresAt: new Date(invitation.expiresAt),
    }));
  }

  @Mutation(() => CreatedOrganization, {
    description: 'Creates an organization with you as its admin, and acts in it.',
  })
  async createOrganization(
    @Args('input') input: CreateOrganizationInput,
    @IdempotencyKey() idempotencyKey: string | null | undefined,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<CreatedOrganization> {
    const actor = requireActor(context);
    const created = await this.commandBus.execute(
      new CreateOrganizationCommand(
        input.name,
        input.timeZone,
        commandMetadata(context, { idempotencyKey, tenantId: null }),
      ),
    );
    const grant = await this.auth.grantFor(actor.userId, actor.sessionId, created.organizationId);
    return { ...created, access: toAccessToken(grant) };
  }

  @Mutation(() => JoinedOrganization, {
    description: 'Joins the organization of an invitation addressed to you, and acts in it.',
  })
  async acceptInvitation(
    @Args('input') input: AcceptInvitationInput,
    @IdempotencyKey() idempotencyKey: string | null | undefined,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<JoinedOrganization> {
    const actor = requireActor(context);
    const joined = await this.commandBus.execute(
      new AcceptInvitationCommand(
        input.organizationId,
        input.invitationId,
        input.token,
        // Not yet a member: the command acts in the invitation's organization, which checks the token.
        commandMetadata(context, { idempotencyKey, tenantId: input.organizationId }),
      ),
    );
    const grant = await this.auth.grantFor(actor.userId, actor.sessionId, joined.organizationId);
    return { ...joined, access: toAccessToken(grant) };
  }

  @RequireRole('admin', 'manager')
  @Mutation(() => Invitation, {
    description: 'Invites someone by email with a role; managers may invite editors and viewers.',
  })
  async inviteMember(
    @Args('input') input: InviteMemberInput,
    @IdempotencyKey() idempotencyKey: string | null | undefined,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<Invitation> {
    const token = this.invitationToken(context, input.organizationId, idempotencyKey);
    const invited = await this.commandBus.execute(
      new InviteMemberCommand(
        input.organizationId,
        input.email,
        input.role,
        hashInvitationToken(token),
        commandMetadata(context, { idempotencyKey }),
      ),
    );
    return {
      organizationId: invited.organizationId,
      invitationId: invited.invitationId,
      expiresAt: new Date(invited.expiresAt),
      invitationToken: token,
    };
  }

  @RequireRole('admin')
  @Mutation(() => OrganizationChange)
  changeMemberRole(
    @Args('input') input: ChangeMemberRoleInput,
    @IdempotencyKey() idempotencyKey: string | null | undefined,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<OrganizationCommandResult> {
    return this.commandBus.execute(
      new ChangeMemberRoleCommand(
        input.organizationId,
        input.userId,
        input.role,
        commandMetadata(context, { idempotencyKey }),
      ),
    );
  }

  @RequireRole('admin', 'manager')
  @Mutation(() => OrganizationChange, {
    description: 'Removes a member; managers may remove editors and viewers.',
  })
  removeMember(
    @Args('input') input: RemoveMemberInput,
    @IdempotencyKey() idempotencyKey: string | null | undefined,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<OrganizationCommandResult> {
    return this.commandBus.execute(
      new RemoveMemberCommand(
        input.organizationId,
        input.userId,
        commandMetadata(context, { idempotencyKey }),
      ),
    );
  }

  @RequireRole('admin')
  @Mutation(() => OrganizationChange)
  updateOrganizationSettings(
    @Args('input') input: UpdateOrganizationSettingsInput,
    @IdempotencyKey() idempotencyKey: string | null | undefined,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<OrganizationCommandResult> {
    const { organizationId, dailyCaps, ...rest } = input;
    const changes = {
      ...(rest.timeZone !== undefined && rest.timeZone !== null ? { timeZone: rest.timeZone } : {}),
      ...(rest.dataRetentionDays !== undefined && rest.dataRetentionDays !== null
        ? { dataRetentionDays: rest.dataRetentionDays }
        : {}),
      ...(rest.requiresApproval !== undefined && rest.requiresApproval !== null
        ? { requiresApproval: rest.requiresApproval }
        : {}),
      ...(dailyCaps
        ? { dailyCaps: Object.fromEntries(dailyCaps.map((cap) => [cap.platform, cap.cap ?? null])) }
        : {}),
    };
    return this.commandBus.execute(
      new UpdateOrganizationSettingsCommand(
        organizationId,
        changes,
        commandMetadata(context, { idempotencyKey }),
      ),
    );
  }

  /**
   * Random, except under an idempotency key: then derived from it (keyed by a server secret),
   * so a retried invitation carries the same token hash and the pipeline recognizes the retry.
   */
  private invitationToken(
    context: HeraldRequestContext,
    organizationId: string,
    idempotencyKey: string | null | undefined,
  ): string {
    if (idempotencyKey === undefined || idempotencyKey === null) return randomBytes(32).toString('base64url');
    const actor = requireActor(context);
    return createHmac('sha256', this.invitationTokenKey)
      .update(`${organizationId}\n${actor.userId}\n${idempotencyKey}`)
      .digest('base64url');
  }
}

function toOrganization(view: OrganizationView): Organization {
  return {
    id: view.id,
    name: view.name,
    plan: view.plan,
    createdAt: new Date(view.createdAt),
    settings: {
      timeZone: view.settings.timeZone,
      dataRetentionDays: view.settings.dataRetentionDays,
      requiresApproval: view.settings.requiresApproval,
      dailyCaps: Object.entries(view.settings.dailyCaps).map(([platform, cap]) => ({
        platform: platform as keyof typeof view.settings.dailyCaps,
        cap: cap ?? 0,
      })),
    },
  };
}
