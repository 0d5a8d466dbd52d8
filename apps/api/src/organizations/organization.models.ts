import { Field, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import {
  CAPPED_PLATFORMS,
  PLAN_IDS,
  type CappedPlatform,
  type MemberRole,
  type PlanId,
} from '@herald/organizations';
import { AccessToken, MemberRoleEnum } from '../identity/auth.models';

export const PlanEnum = Object.fromEntries(PLAN_IDS.map((plan) => [plan, plan])) as { [P in PlanId]: P };
registerEnumType(PlanEnum, { name: 'Plan' });

export const CappedPlatformEnum = Object.fromEntries(CAPPED_PLATFORMS.map((p) => [p, p])) as {
  [P in CappedPlatform]: P;
};
registerEnumType(CappedPlatformEnum, {
  name: 'CappedPlatform',
  description: 'Platforms with a daily posting cap.',
});

@ObjectType()
export class DailyCap {
  @Field(() => CappedPlatformEnum)
  platform!: CappedPlatform;

  @Field(() => Int)
  cap!: number;
}

@ObjectType()
export class OrganizationSettingsModel {
  @Field({ description: 'IANA time zone the calendar and daily caps count days in.' })
  timeZone!: string;

  @Field(() => Int)
  dataRetentionDays!: number;

  @Field()
  requiresApproval!: boolean;

  @Field(() => [DailyCap], {
    description: 'Overrides of the default caps; other platforms use the defaults.',
  })
  dailyCaps!: DailyCap[];
}

@ObjectType()
export class Member {
  @Field(() => ID)
  userId!: string;

  @Field(() => MemberRoleEnum)
  role!: MemberRole;

  @Field()
  joinedAt!: Date;
}

@ObjectType({ description: 'An invitation waiting to be accepted (the invitee address is not shown).' })
export class PendingInvitation {
  @Field(() => ID)
  id!: string;

  @Field(() => MemberRoleEnum)
  role!: MemberRole;

  @Field(() => ID)
  invitedBy!: string;

  @Field()
  expiresAt!: Date;
}

@ObjectType()
export class Organization {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => PlanEnum)
  plan!: PlanId;

  @Field(() => OrganizationSettingsModel)
  settings!: OrganizationSettingsModel;

  @Field()
  createdAt!: Date;
}

@ObjectType({ description: 'What a change to an organization left behind.' })
export class OrganizationChange {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => Int, { nullable: true, description: 'Stream revision after the change.' })
  revision!: number | null;
}

@ObjectType()
export class CreatedOrganization extends OrganizationChange {
  @Field(() => AccessToken, { description: 'A token acting in the new organization, as its admin.' })
  access!: AccessToken;
}

@ObjectType()
export class JoinedOrganization extends OrganizationChange {
  @Field(() => AccessToken, { description: 'A token acting in the organization just joined.' })
  access!: AccessToken;
}

@ObjectType()
export class Invitation {
  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID)
  invitationId!: string;

  @Field()
  expiresAt!: Date;

  @Field({
    description:
      'Shown once, to put in the invitation link (email delivery is not wired yet). Only its hash is stored; with an idempotency key a retry returns the same token.',
  })
  invitationToken!: string;
}
