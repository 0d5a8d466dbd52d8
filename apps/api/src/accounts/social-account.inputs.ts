import { Args, ArgsType, Field, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { SOCIAL_PLATFORMS, type SocialPlatform } from '@herald/accounts';
import { WEBHOOK_KINDS, type WebhookKind } from '@herald/platforms';
import { SocialPlatformEnum, WebhookKindEnum } from './social-account.models';
import { IDEMPOTENCY_KEY_DESCRIPTION, IdempotencyKeyField, trim, UuidIdField } from '../graphql/common-inputs';



/** The key as a separate argument, next to an `input` (the pipeline checks its length). */
export const IdempotencyKey = (): ParameterDecorator =>
  Args('idempotencyKey', { type: () => String, nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION });


@ArgsType()
export class StartAccountConnectionArgs {
  @Field(() => SocialPlatformEnum)
  @IsIn(SOCIAL_PLATFORMS)
  platform!: SocialPlatform;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@InputType()
export class ConnectWebhookAccountInput {
  @Field(() => WebhookKindEnum)
  @IsIn(WEBHOOK_KINDS)
  kind!: WebhookKind;

  @Field({
    description: 'https (plain http only for a loopback receiver). Kept encrypted, never shown again.',
  })
  @Transform(trim)
  @IsString()
  @MaxLength(2048)
  url!: string;

  @Field(() => String, {
    nullable: true,
    description: 'Generic webhooks only: the key of the X-Herald-Signature HMAC, at least 16 characters.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(256)
  signingSecret?: string | null;

  @Field({ description: 'How the account is shown in Herald (e.g. "#launches on Slack").' })
  @Transform(trim)
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100)
  name!: string;
}

@ArgsType()
export class SocialAccountArgs {
  @UuidIdField('must be an account id')
  id!: string;
}

@ArgsType()
export class DisconnectAccountArgs extends SocialAccountArgs {
  @Field(() => String, { nullable: true, description: 'Kept in the audit trail.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;

  @IdempotencyKeyField()
  idempotencyKey?: string | null;
}

@ArgsType()
export class AccountDailyUsageArgs {
  @Field({ description: 'YYYY-MM-DD, a local day.' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  date!: string;

  @Field(() => String, { nullable: true, description: "IANA time zone; the organization's by default." })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string | null;
}
