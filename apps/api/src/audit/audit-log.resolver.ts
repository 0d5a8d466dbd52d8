import { Args, ArgsType, Field, ID, Query, Resolver } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsDate, IsOptional, Matches } from 'class-validator';
import { ProjectionCatalog } from '@herald/projections-runtime';
import { auditQueries, type AuditEntry, type AuditQueries } from '@herald/projections/audit';
import { memberOf } from '../agent-tasks/member-of';
import { RequestContext, RequireRole } from '../graphql/access.decorators';
import type { HeraldRequestContext } from '../graphql/request-context';
import { AuditEntryModel, AuditEntryPage } from './audit-log.models';
import { PageCursorField, PageLimitField } from '../graphql/common-inputs';

const TOKEN = /^[A-Za-z0-9._:-]{1,200}$/;

@ArgsType()
class AuditLogArgs {
  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(TOKEN, { message: 'must be an actor id' })
  actorId?: string | null;

  @Field(() => String, { nullable: true, description: 'post, socialAccount, organization, agentTask, …' })
  @IsOptional()
  @Matches(/^[a-zA-Z]{1,64}$/, { message: 'must be a resource type such as post' })
  resourceType?: string | null;

  @Field(() => ID, { nullable: true })
  @IsOptional()
  @Matches(TOKEN, { message: 'must be a resource id' })
  resourceId?: string | null;

  @Field(() => [String], { nullable: true, description: 'Event types, e.g. post.scheduled.' })
  @IsOptional()
  @ArrayMaxSize(50)
  @Matches(/^[a-zA-Z]+\.[a-zA-Z]+$/, {
    each: true,
    message: 'each must be an event type such as post.scheduled',
  })
  actions?: string[] | null;

  @Field(() => Date, { nullable: true, description: 'Inclusive.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date | null;

  @Field(() => Date, { nullable: true, description: 'Exclusive.' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Every change of one user action, in the order it happened.',
  })
  @IsOptional()
  @Matches(TOKEN, { message: 'must be a correlation id' })
  correlationId?: string | null;

  @PageCursorField()
  after?: string | null;

  @PageLimitField()
  limit?: number | null;
}

/** The organization's audit trail for compliance officers and admins, from the audit projection. */
@Resolver(() => AuditEntryModel)
export class AuditLogResolver {
  private readonly queries: AuditQueries;

  constructor(catalog: ProjectionCatalog) {
    this.queries = auditQueries(catalog);
  }

  @RequireRole('compliance', 'admin')
  @Query(() => AuditEntryPage, {
    description:
      "Your organization's audit trail, newest first (oldest first when following a correlationId).",
  })
  async auditLog(
    @Args() args: AuditLogArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AuditEntryPage> {
    const page = await this.queries.list({
      organizationId: memberOf(context).organizationId,
      ...(args.actorId ? { actorId: args.actorId } : {}),
      ...(args.resourceType ? { resourceType: args.resourceType } : {}),
      ...(args.resourceId ? { resourceId: args.resourceId } : {}),
      ...(args.actions && args.actions.length > 0 ? { actions: args.actions } : {}),
      ...(args.from ? { from: args.from.toISOString() } : {}),
      ...(args.to ? { to: args.to.toISOString() } : {}),
      ...(args.correlationId ? { correlationId: args.correlationId, order: 'asc' as const } : {}),
      after: args.after ?? null,
      ...(args.limit != null ? { limit: args.limit } : {}),
    });
    return { items: page.items.map(toModel), nextCursor: page.nextCursor };
  }
}

function toModel(entry: AuditEntry): AuditEntryModel {
  return {
    eventId: entry.eventId,
    position: entry.position,
    occurredAt: new Date(entry.occurredAt),
    action: entry.action,
    resourceType: entry.resourceType,
    resourceId: entry.resourceId,
    revision: entry.revision,
    actorKind: entry.actorKind,
    actorId: entry.actorId,
    correlationId: entry.correlationId,
    causationId: entry.causationId,
    requestId: entry.requestId,
    origin: entry.origin,
    personalFields: entry.personalFields,
    summary: entry.summary,
    hash: entry.hash,
  };
}
