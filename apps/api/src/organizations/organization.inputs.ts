import { Field, ID, InputType, Int } from '@nestjs/graphql';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsBoolean,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';
import {
  CAPPED_PLATFORMS,
  DAILY_CAP_BOUNDS,
  MEMBER_ROLES,
  ORGANIZATION_NAME_MAX_LENGTH,
  RETENTION_DAYS_BOUNDS,
  type CappedPlatform,
  type MemberRole,
} from '@herald/organizations';
import { UUID } from '../identity/auth.inputs';
import { MemberRoleEnum } from '../identity/auth.models';
import { CappedPlatformEnum } from './organization.models';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);
const organizationId = (): PropertyDecorator => Matches(UUID, { message: 'must be an organization id' });

@InputType()
export class CreateOrganizationInput {
  @Field()
  @Transform(trim)
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(ORGANIZATION_NAME_MAX_LENGTH)
  name!: string;

  @Field({ defaultValue: 'UTC', description: 'IANA time zone, e.g. Europe/Paris.' })
  @IsString()
  @MaxLength(64)
  timeZone: string = 'UTC';
}

@InputType()
export class InviteMemberInput {
  @Field(() => ID)
  @organizationId()
  organizationId!: string;

  @Field()
  @Transform(trim)
  @Matches(/^[^\s@]+@[^\s@]+\.[^\s@]+$/, { message: 'must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @Field(() => MemberRoleEnum)
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

@InputType()
export class AcceptInvitationInput {
  @Field(() => ID)
  @organizationId()
  organizationId!: string;

  @Field(() => ID)
  @Matches(UUID, { message: 'must be an invitation id' })
  invitationId!: string;

  @Field()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;
}

@InputType()
export class ChangeMemberRoleInput {
  @Field(() => ID)
  @organizationId()
  organizationId!: string;

  @Field(() => ID)
  @IsNotEmpty()
  @MaxLength(64)
  userId!: string;

  @Field(() => MemberRoleEnum)
  @IsIn(MEMBER_ROLES)
  role!: MemberRole;
}

@InputType()
export class RemoveMemberInput {
  @Field(() => ID)
  @organizationId()
  organizationId!: string;

  @Field(() => ID)
  @IsNotEmpty()
  @MaxLength(64)
  userId!: string;
}

@InputType()
export class DailyCapInput {
  @Field(() => CappedPlatformEnum)
  @IsIn(CAPPED_PLATFORMS)
  platform!: CappedPlatform;

  @Field(() => Int, { nullable: true, description: 'null restores the default cap.' })
  @IsOptional()
  @IsInt()
  @Min(DAILY_CAP_BOUNDS.min)
  @Max(DAILY_CAP_BOUNDS.max)
  cap?: number | null;
}

@InputType()
export class UpdateOrganizationSettingsInput {
  @Field(() => ID)
  @organizationId()
  organizationId!: string;

  @Field({ nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @Field(() => Int, { nullable: true })
  @IsOptional()
  @IsInt()
  @Min(RETENTION_DAYS_BOUNDS.min)
  @Max(RETENTION_DAYS_BOUNDS.max)
  dataRetentionDays?: number;

  @Field({ nullable: true })
  @IsOptional()
  @IsBoolean()
  requiresApproval?: boolean;

  @Field(() => [DailyCapInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(CAPPED_PLATFORMS.length)
  @ValidateNested({ each: true })
  @Type(() => DailyCapInput)
  dailyCaps?: DailyCapInput[];
}
