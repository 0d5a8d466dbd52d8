import { Field, ID, Int, ObjectType } from '@nestjs/graphql';
import { JSONObjectScalar } from '../agent-tasks/json-object.scalar';

@ObjectType()
export class AuditOriginModel {
  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field({ description: 'The actor was erased: the origin of their requests is forgotten with them.' })
  erased!: boolean;
}

@ObjectType('AuditEntry', {
  description: 'One recorded change, as the audit trail shows it (personal data withheld).',
})
export class AuditEntryModel {
  @Field(() => ID)
  eventId!: string;

  @Field(() => Int, { description: 'Global position in the event log.' })
  position!: number;

  @Field()
  occurredAt!: Date;

  @Field({ description: 'The event type, e.g. post.scheduled.' })
  action!: string;

  @Field({ description: 'Stream category: post, socialAccount, organization, agentTask, …' })
  resourceType!: string;

  @Field(() => ID)
  resourceId!: string;

  @Field(() => Int)
  revision!: number;

  @Field({ description: 'user, system, agent or webhook.' })
  actorKind!: string;

  @Field(() => ID)
  actorId!: string;

  @Field(() => ID)
  correlationId!: string;

  @Field(() => ID, { nullable: true })
  causationId!: string | null;

  @Field(() => ID, { nullable: true })
  requestId!: string | null;

  @Field(() => AuditOriginModel)
  origin!: AuditOriginModel;

  @Field(() => [String], { description: 'Paths of personal data in the event, withheld here.' })
  personalFields!: string[];

  @Field(() => JSONObjectScalar, { description: 'The non-personal facts of the change.' })
  summary!: Record<string, unknown>;

  @Field({ description: "The event's hash-chain link: `herald verify` proves it matches the stored event." })
  hash!: string;
}

@ObjectType()
export class AuditEntryPage {
  @Field(() => [AuditEntryModel])
  items!: AuditEntryModel[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}
