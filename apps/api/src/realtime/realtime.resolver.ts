import { Args, ArgsType, Field, ID, Resolver, Subscription } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';
import { MEMBER_ROLES } from '@herald/organizations';
import { HeraldError } from '@herald/shared-kernel';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import { requireActor, type HeraldRequestContext } from '../graphql/request-context';
import { UUID } from '../identity/auth.inputs';
import { RealtimeHub } from './realtime-hub';
import { realtimeChannels } from './realtime.messages';
import { AgentTaskProgress, NotificationEvent, PostStatusChange } from './realtime.models';

@ArgsType()
class PostStatusChangedArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Only this post; every post of your organization when absent.',
  })
  @IsOptional()
  @Matches(UUID, { message: 'must be a post id' })
  postId?: string | null;
}

@ArgsType()
class AgentTaskProgressArgs {
  @Field(() => ID, {
    nullable: true,
    description: 'Only this task; every task of your organization when absent.',
  })
  @IsOptional()
  @Matches(UUID, { message: 'must be a task id' })
  taskId?: string | null;
}

/** Resolves a subscription's payload as the field's value (the iterator yields finished models). */
const asIs = <T>(payload: T): T => payload;

/** The tenant a subscription listens to: the token's organization, never one named by the client. */
function tenantOf(context: HeraldRequestContext): { organizationId: string; userId: string } {
  const actor = requireActor(context);
  if (actor.organizationId === null)
    throw new HeraldError('AUTH.ORGANIZATION_REQUIRED', 'Select an organization first.');
  return { organizationId: actor.organizationId, userId: actor.userId };
}

/**
 * Live updates over graphql-ws. Each subscription listens on its own organization's channel
 * (notifications: its own user's), so another tenant's events never reach it. Live only: after
 * a reconnect, re-read the queries for what happened in between.
 */
@Resolver()
export class RealtimeResolver {
  constructor(private readonly hub: RealtimeHub) {}

  @RequireRole(...MEMBER_ROLES)
  @Subscription(() => PostStatusChange, {
    resolve: asIs,
    description: "Status changes of your organization's posts.",
  })
  postStatusChanged(
    @Args() args: PostStatusChangedArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AsyncIterableIterator<PostStatusChange>> {
    const { organizationId } = tenantOf(context);
    return this.hub.iterate(realtimeChannels.posts(organizationId), (message) =>
      message.kind === 'postStatus' && (args.postId == null || message.postId === args.postId)
        ? {
            postId: message.postId,
            status: message.status,
            previousStatus: message.previousStatus,
            eventType: message.eventType,
            eventId: message.eventId,
            position: message.position,
            occurredAt: new Date(message.occurredAt),
          }
        : null,
    );
  }

  @RequireRole(...MEMBER_ROLES)
  @Subscription(() => AgentTaskProgress, {
    resolve: asIs,
    description: "Progress of your organization's agent tasks.",
  })
  agentTaskProgress(
    @Args() args: AgentTaskProgressArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AsyncIterableIterator<AgentTaskProgress>> {
    const { organizationId } = tenantOf(context);
    return this.hub.iterate(realtimeChannels.agentTasks(organizationId), (message) =>
      message.kind === 'agentTaskProgress' && (args.taskId == null || message.taskId === args.taskId)
        ? {
            taskId: message.taskId,
            status: message.status,
            eventType: message.eventType,
            eventId: message.eventId,
            stepName: message.stepName,
            stepSummary: message.stepSummary,
            position: message.position,
            occurredAt: new Date(message.occurredAt),
          }
        : null,
    );
  }

  @RequireRole(...MEMBER_ROLES)
  @Subscription(() => NotificationEvent, {
    resolve: asIs,
    description: 'Your new notifications in this organization.',
  })
  notificationReceived(
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AsyncIterableIterator<NotificationEvent>> {
    const { organizationId, userId } = tenantOf(context);
    return this.hub.iterate(realtimeChannels.notifications(organizationId, userId), (message) =>
      message.kind === 'notification' && message.userId === userId
        ? {
            id: message.notificationId,
            kind: message.notificationKind,
            severity: message.severity,
            title: message.title,
            body: message.body,
            subjectType: message.subjectType,
            subjectId: message.subjectId,
            url: message.url,
            createdAt: new Date(message.createdAt),
            sequence: message.sequence,
          }
        : null,
    );
  }
}
