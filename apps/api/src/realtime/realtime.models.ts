import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType({ description: 'A post of your organization entered a new status.' })
export class PostStatusChange {
  @Field(() => ID)
  postId!: string;

  @Field({ description: 'draft, in_review, approved, scheduled, publishing, completed or deleted.' })
  status!: string;

  @Field(() => String, { nullable: true, description: 'Null when the post was just created.' })
  previousStatus!: string | null;

  @Field({ description: 'The event that changed it (post.scheduled, post.publishSucceeded, …).' })
  eventType!: string;

  @Field(() => ID)
  eventId!: string;

  @Field(() => Int, { description: 'Global position of the event: order and de-duplicate by it.' })
  position!: number;

  @Field({ description: 'When the change was committed.' })
  occurredAt!: Date;
}

@ObjectType({ description: "Progress of one of your organization's agent tasks." })
export class AgentTaskProgress {
  @Field(() => ID)
  taskId!: string;

  @Field({ description: 'requested, running, completed, failed or cancelled.' })
  status!: string;

  @Field()
  eventType!: string;

  @Field(() => ID)
  eventId!: string;

  @Field(() => String, { nullable: true, description: 'Set for a recorded step.' })
  stepName!: string | null;

  @Field(() => String, { nullable: true })
  stepSummary!: string | null;

  @Field(() => Int)
  position!: number;

  @Field()
  occurredAt!: Date;
}

@ObjectType({ description: 'A notification as it reaches you; the same one the notifications query lists.' })
export class NotificationEvent {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'post.published, post.failed, account.needsReconnect, agentTask.completed, …' })
  kind!: string;

  @Field({ description: 'info, warning or error.' })
  severity!: string;

  @Field()
  title!: string;

  @Field()
  body!: string;

  @Field({ description: 'post, socialAccount or agentTask.' })
  subjectType!: string;

  @Field(() => ID)
  subjectId!: string;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Int)
  sequence!: number;
}
