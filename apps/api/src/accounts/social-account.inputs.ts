import { Args, ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsIn, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SOCIAL_PLATFORMS, type SocialPlatform } from '@herald/accounts';
import { WEBHOOK_KINDS, type WebhookKind } from '@herald/platforms';
import { UUID } from '../identity/auth.inputs';
import { SocialPlatformEnum, WebhookKindEnum } from './social-account.models';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

const IDEMPOTENCY_KEY_DESCRIPTION =
  'One per user intent: a retry with the same key returns the first answer and changes nothing (1 to 255 characters).';

/** The key as a separate argument, next to an `input` (the pipeline checks its length). */
export const IdempotencyKey = (): ParameterDecorator =>
  Args('idempotencyKey', { type: () => String, nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION });

const idempotencyKeyField = (): PropertyDecorator =>
  Field(() => String, { nullable: true, description: IDEMPOTENCY_KEY_DESCRIPTION });

@ArgsType()
export class StartAccountConnectionArgs {
  @Field(() => SocialPlatformEnum)
  @IsIn(SOCIAL_PLATFORMS)
  platform!: SocialPlatform;

  @idempotencyKeyField()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
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
  @Field(() => ID)
  @Matches(UUID, { message: 'must be an account id' })
  id!: string;
}

@ArgsType()
export class DisconnectAccountArgs extends SocialAccountArgs {
  @Field(() => String, { nullable: true, description: 'Kept in the audit trail.' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  reason?: string | null;

  @idempotencyKeyField()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(255)
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
