import { ArgsType, Field, ID, InputType } from '@nestjs/graphql';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsDate,
  IsEmail,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, UUID } from './auth.inputs';

const trim = ({ value }: { value: unknown }): unknown => (typeof value === 'string' ? value.trim() : value);

@InputType()
export class VerifyEmailInput {
  @Field()
  @IsString()
  @MinLength(40)
  @MaxLength(200)
  token!: string;
}

@InputType()
export class RequestPasswordResetInput {
  @Field()
  @Transform(trim)
  @IsEmail({}, { message: 'must be a valid email address' })
  @MaxLength(254)
  email!: string;
}

@InputType()
export class ResetPasswordInput {
  @Field()
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token!: string;

  @Field({ description: `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.` })
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH, { message: `must be at least ${PASSWORD_MIN_LENGTH} characters long` })
  @MaxLength(PASSWORD_MAX_LENGTH, { message: `must be at most ${PASSWORD_MAX_LENGTH} characters long` })
  newPassword!: string;
}

@InputType()
export class TotpCodeInput {
  @Field({ description: 'The 6-digit code of the authenticator app.' })
  @Matches(/^\s*\d{6}\s*$/, { message: 'must be 6 digits' })
  code!: string;
}

@InputType()
export class DisableTotpInput {
  @Field(() => String, { nullable: true })
  @IsOptional()
  @Matches(/^\s*\d{6}\s*$/, { message: 'must be 6 digits' })
  code?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsString()
  @MaxLength(40)
  recoveryCode?: string | null;
}

@InputType()
export class CreateApiKeyInput {
  @Field()
  @Transform(trim)
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @Field(() => [String], {
    description: 'posts:read, posts:write, posts:approve, accounts:read, organization:read',
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  scopes!: string[];

  @Field(() => Date, { nullable: true })
  @IsOptional()
  @IsDate()
  expiresAt?: Date | null;
}

@ArgsType()
export class ApiKeyArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be an API key id' })
  apiKeyId!: string;
}
