import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { SOCIAL_PLATFORMS, type AccountHealthStatus, type SocialPlatform } from '@herald/accounts';
import { WEBHOOK_KINDS } from '@herald/platforms';
import { ACCOUNT_HEALTH_STATUSES } from '@herald/projections/accounts';

const enumOf = <T extends string>(values: readonly T[]): { [K in T]: K } =>
  Object.fromEntries(values.map((value) => [value, value])) as { [K in T]: K };

/** Reuse these enums elsewhere in the schema: GraphQL type names must be unique. */
export const SocialPlatformEnum = enumOf(SOCIAL_PLATFORMS);
registerEnumType(SocialPlatformEnum, { name: 'SocialPlatform' });

export const AccountHealthEnum = enumOf(ACCOUNT_HEALTH_STATUSES);
registerEnumType(AccountHealthEnum, {
  name: 'AccountHealth',
  description: 'How the publisher sees the account; `disconnected` is terminal.',
});

export const WebhookKindEnum = enumOf(WEBHOOK_KINDS);
registerEnumType(WebhookKindEnum, { name: 'WebhookKind' });

@ObjectType()
export class PlatformCapabilities {
  @Field({ description: 'A publish may finish later (video, containers).' })
  asyncPublish!: boolean;

  @Field()
  postMetrics!: boolean;

  @Field()
  accountMetrics!: boolean;

  @Field({ description: 'A publish whose outcome is unknown can be checked against recent posts.' })
  reconciliation!: boolean;
}

@ObjectType({ description: 'A platform Herald knows, and whether this installation can connect to it.' })
export class Platform {
  @Field(() => SocialPlatformEnum)
  id!: SocialPlatform;

  @Field()
  name!: string;

  @Field()
  available!: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Why it is unavailable and what to set; null when available.',
  })
  reason!: string | null;

  @Field({ description: 'Connected through OAuth (`startAccountConnection`); false for webhooks.' })
  usesOAuth!: boolean;

  @Field(() => PlatformCapabilities, { nullable: true, description: 'Null while unavailable.' })
  capabilities!: PlatformCapabilities | null;
}

@ObjectType()
export class AccountConnectionStart {
  @Field({ description: 'Send the user here; the platform returns them to /oauth/<platform>/callback.' })
  authorizationUrl!: string;

  @Field({ description: 'The authorization must finish before this instant.' })
  expiresAt!: Date;
}

@ObjectType()
export class AccountHealthDetail {
  @Field(() => String, { nullable: true })
  code!: string | null;

  @Field(() => String, { nullable: true })
  message!: string | null;

  @Field(() => Date, { nullable: true, description: 'End of a rate limit.' })
  until!: Date | null;
}

@ObjectType({ description: 'A connected social account. Its tokens are never exposed.' })
export class SocialAccount {
  @Field(() => ID)
  id!: string;

  @Field(() => SocialPlatformEnum)
  platform!: SocialPlatform;

  @Field()
  handle!: string;

  @Field(() => String, { nullable: true })
  displayName!: string | null;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => AccountHealthEnum)
  health!: AccountHealthStatus;

  @Field(() => AccountHealthDetail)
  healthDetail!: AccountHealthDetail;

  @Field(() => Date, { nullable: true })
  tokenExpiresAt!: Date | null;

  @Field(() => Int, { description: '1 at connect, +1 per reconnect.' })
  generation!: number;

  @Field()
  connectedAt!: Date;

  @Field(() => ID)
  connectedBy!: string;

  @Field(() => Date, { nullable: true })
  disconnectedAt!: Date | null;
}

@ObjectType({ description: "One account's posts on one local day against its daily cap." })
export class AccountDailyUsage {
  @Field(() => ID)
  accountId!: string;

  @Field(() => SocialPlatformEnum)
  platform!: SocialPlatform;

  @Field()
  handle!: string;

  @Field(() => AccountHealthEnum)
  health!: AccountHealthStatus;

  @Field({ description: 'YYYY-MM-DD in `timeZone`.' })
  date!: string;

  @Field()
  timeZone!: string;

  @Field(() => Int, { description: 'Still to publish (or publishing) that day.' })
  scheduled!: number;

  @Field(() => Int)
  published!: number;

  @Field(() => Int, { description: 'scheduled + published: what the cap counts.' })
  used!: number;

  @Field(() => Int, { nullable: true, description: 'Null for platforms without a cap.' })
  cap!: number | null;

  @Field(() => Int, { nullable: true })
  remaining!: number | null;
}

@ObjectType({ description: 'What a change to a social account left behind.' })
export class SocialAccountChange {
  @Field(() => ID)
  accountId!: string;

  @Field(() => Int, { nullable: true, description: 'Stream revision after the change.' })
  revision!: number | null;
}

@ObjectType()
export class AccountDisconnection extends SocialAccountChange {
  @Field({
    description:
      'Whether the platform confirmed the revocation of the tokens. False when it has nothing to revoke (webhooks), another connected account shares the grant, or the platform failed; the tokens are forgotten by Herald either way.',
  })
  revokedAtPlatform!: boolean;
}
