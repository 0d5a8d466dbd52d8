import { ArgsType, Field } from '@nestjs/graphql';
import { IsBoolean, IsOptional } from 'class-validator';
import { IdempotencyKeyField, PageCursorField, PageLimitField, UuidIdField } from '../graphql/common-inputs';

@ArgsType()
export class NotificationsArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  unreadOnly?: boolean | null;

  @PageCursorField()
  after?: string | null;

  @PageLimitField()
  limit?: number | null;
}

@ArgsType()
export class MarkAllNotificationsReadArgs {
  @IdempotencyKeyField(
    'One per user intent: a retry with the same key changes nothing more (1 to 255 characters). Marking read is idempotent by nature.',
  )
  idempotencyKey?: string | null;
}

@ArgsType()
export class MarkNotificationReadArgs extends MarkAllNotificationsReadArgs {
  @UuidIdField('must be a notification id')
  id!: string;
}
