import { Field, ID, ObjectType, registerEnumType } from '@nestjs/graphql';
import { MEMBER_ROLES, type MemberRole } from '@herald/organizations';

/** GraphQL enum of the organization roles, values equal to the domain's strings. */
export const MemberRoleEnum = Object.fromEntries(MEMBER_ROLES.map((role) => [role, role])) as {
  [R in MemberRole]: R;
};
registerEnumType(MemberRoleEnum, {
  name: 'MemberRole',
  description: "A member's role within an organization.",
});

@ObjectType({ description: 'A short-lived bearer token for the `Authorization` header.' })
export class AccessToken {
  @Field()
  token!: string;

  @Field()
  expiresAt!: Date;

  @Field(() => ID, { nullable: true, description: 'The organization the token acts in.' })
  organizationId!: string | null;

  @Field(() => MemberRoleEnum, {
    nullable: true,
    description: 'Your role there at issuance; checked again on every request.',
  })
  role!: MemberRole | null;
}

@ObjectType({ description: 'The second step a sign-in with two-factor authentication still needs.' })
export class MfaChallenge {
  @Field({
    description: 'Pass to `completeLogin` with a code from the authenticator app or a recovery code.',
  })
  token!: string;

  @Field()
  expiresAt!: Date;
}

@ObjectType({
  description:
    'A signed-in session: an access token, and the refresh token that renews it. When the account uses two-factor authentication, `login` answers with `mfaChallenge` only and the session fields are null.',
})
export class AuthPayload {
  @Field(() => ID)
  userId!: string;

  @Field(() => ID, { nullable: true })
  sessionId!: string | null;

  @Field(() => AccessToken, { nullable: true })
  access!: AccessToken | null;

  @Field(() => String, {
    nullable: true,
    description: 'Single use: each refresh returns a new one. Presenting a used one revokes the session.',
  })
  refreshToken!: string | null;

  @Field(() => Date, { nullable: true })
  refreshTokenExpiresAt!: Date | null;

  @Field(() => MfaChallenge, { nullable: true })
  mfaChallenge!: MfaChallenge | null;
}

@ObjectType({ description: 'A signed-in device or browser.' })
export class Session {
  @Field(() => ID)
  id!: string;

  @Field()
  createdAt!: Date;

  @Field()
  lastUsedAt!: Date;

  @Field()
  expiresAt!: Date;

  @Field(() => String, { nullable: true })
  ip!: string | null;

  @Field(() => String, { nullable: true })
  userAgent!: string | null;

  @Field({ description: 'The session of the access token making this request.' })
  current!: boolean;
}

@ObjectType({ description: 'Who the access token belongs to, as the server sees it for this request.' })
export class Viewer {
  @Field(() => ID)
  userId!: string;

  @Field(() => ID)
  sessionId!: string;

  @Field(() => ID, { nullable: true })
  organizationId!: string | null;

  @Field(() => MemberRoleEnum, { nullable: true })
  role!: MemberRole | null;
}
