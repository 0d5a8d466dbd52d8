import { Field, ID, Int, ObjectType } from '@nestjs/graphql';

@ObjectType()
export class NotificationSubject {
  @Field({ description: 'post, socialAccount or agentTask.' })
  type!: string;

  @Field(() => ID)
  id!: string;
}

@ObjectType({ description: 'One of your notifications in the organization you act in.' })
export class Notification {
  @Field(() => ID)
  id!: string;

  @Field()
  kind!: string;

  @Field({ description: 'info, warning or error.' })
  severity!: string;

  @Field()
  title!: string;

  @Field()
  body!: string;

  @Field(() => NotificationSubject)
  subject!: NotificationSubject;

  @Field(() => String, { nullable: true })
  url!: string | null;

  @Field()
  createdAt!: Date;

  @Field(() => Int)
  sequence!: number;

  @Field()
  read!: boolean;
}

@ObjectType()
export class NotificationPage {
  @Field(() => [Notification])
  items!: Notification[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}

@ObjectType()
export class NotificationsMarked {
  @Field(() => Int, { description: 'How many of them were unread.' })
  marked!: number;

  @Field(() => Int)
  unreadCount!: number;
}
