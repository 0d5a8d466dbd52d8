import { Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import { IsEmail, IsNotEmpty, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;
/** UUIDs of any version (Herald's ids are v7); the check keeps garbage out of stream names. */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class RegisterInput {
  @Field()
  @Transform(trim)
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @Field({ description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.` })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters long` })
  password!: string;

  @Field()
  @Transform(trim)
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(100)
  name!: string;
}

@InputType()
export class LoginInput {
  @Field()
  @Transform(trim)
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email!: string;

  @Field()
  @IsString()
  @IsNotEmpty({ message: 'must not be empty' })
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Act in this organization; your oldest membership by default.',
  })
  @IsOptional()
  @Matches(UUID, { message: 'must be an organization id' })
  organizationId?: string | null;
}

@InputType()
export class RefreshInput {
  @Field()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  refreshToken!: string;
}

@InputType()
export class CompleteLoginInput {
  @Field()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  mfaChallenge!: string;

  @Field(() => String, { nullable: true, description: 'The 6-digit code of the authenticator app.' })
  @IsOptional()
  @Matches(/^\s*\d{6}\s*$/, { message: 'must be 6 digits' })
  code?: string | null;

  @Field(() => String, { nullable: true, description: 'One of the recovery codes, when the app is lost.' })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string | null;
}
