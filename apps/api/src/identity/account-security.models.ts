import { Field, ID, ObjectType } from '@nestjs/graphql';

@ObjectType({
  description: 'A two-factor setup to scan into an authenticator app; confirm it with `confirmTotp`.',
})
export class TotpSetup {
  @Field({ description: 'Base32 secret, for manual entry.' })
  secret!: string;

  @Field()
  otpauthUri!: string;
}

@ObjectType({ description: 'Two-factor authentication is on.' })
export class TotpConfirmation {
  @Field(() => [String], { description: 'Shown once: each signs in a single time when the app is lost.' })
  recoveryCodes!: string[];
}

@ObjectType({ description: 'An integration key of the organization (never its secret).' })
export class ApiKey {
  @Field(() => ID)
  id!: string;

  @Field()
  name!: string;

  @Field(() => [String])
  scopes!: string[];

  @Field(() => ID)
  createdBy!: string;

  @Field()
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A new API key. `key` is shown this once; store it in the integration.' })
export class CreatedApiKey {
  @Field({ description: '`hk_<id>_<secret>`; send as `Authorization: Bearer …` or `x-api-key`.' })
  key!: string;

  @Field(() => ApiKey)
  apiKey!: ApiKey;
}
