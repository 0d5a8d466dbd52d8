import { ArgsType, Field, ID, Int } from '@nestjs/graphql';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { MAX_PAGE_SIZE } from '@herald/projections/support';
import { UUID } from '../identity/auth.inputs';

@ArgsType()
export class NotificationsArgs {
  @Field(() => Boolean, { nullable: true, defaultValue: false })
  @IsOptional()
  @IsBoolean()
  unreadOnly?: boolean | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  after?: string | null;

  @Field(() => Int, { nullable: true, description: `1 to ${MAX_PAGE_SIZE}; 50 when absent.` })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number | null;
}

@ArgsType()
export class MarkAllNotificationsReadArgs {
  @Field(() => String, {
    nullable: true,
    description:
      'One per user intent: a retry with the same key changes nothing more (1 to 255 characters). Marking read is idempotent by nature.',
  })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
  idempotencyKey?: string | null;
}

@ArgsType()
export class MarkNotificationReadArgs extends MarkAllNotificationsReadArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be a notification id' })
  id!: string;
}
