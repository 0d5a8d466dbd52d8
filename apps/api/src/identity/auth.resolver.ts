import { Args, ArgsType, Field, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Matches } from 'class-validator';
import { Public, RequestContext } from '../graphql/access.decorators';
import { requireActor, type HeraldRequestContext } from '../graphql/request-context';
import { CompleteLoginInput, LoginInput, RefreshInput, RegisterInput, UUID } from './auth.inputs';
import { AccessToken, AuthPayload, Session, Viewer } from './auth.models';
import { AuthService, type AccessGrant, type MfaRequired, type SignedIn } from './auth.service';

@ArgsType()
class SessionArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be a session id' })
  sessionId!: string;
}

@ArgsType()
export class SwitchOrganizationArgs {
  @Field(() => ID)
  @Matches(UUID, { message: 'must be an organization id' })
  organizationId!: string;
}

@Resolver()
export class AuthResolver {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Mutation(() => AuthPayload, { description: 'Creates an account and signs it in.' })
  async register(
    @Args('input') input: RegisterInput,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AuthPayload> {
    return toAuthPayload(await this.auth.register(input, context));
  }

  @Public()
  @Mutation(() => AuthPayload, { description: 'Signs in with email and password; opens a new session.' })
  async login(
    @Args('input') input: LoginInput,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AuthPayload> {
    return toAuthPayload(await this.auth.login(input, context));
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'The second step of a two-factor sign-in: the `mfaChallenge` of `login` and a code.',
  })
  async completeLogin(
    @Args('input') input: CompleteLoginInput,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AuthPayload> {
    return toAuthPayload(
      await this.auth.completeLogin(
        input.mfaChallenge,
        { code: input.code ?? null, recoveryCode: input.recoveryCode ?? null },
        context,
      ),
    );
  }

  @Public()
  @Mutation(() => AuthPayload, {
    description: 'Exchanges a refresh token for a new access token and a new refresh token.',
  })
  async refresh(
    @Args('input') input: RefreshInput,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AuthPayload> {
    return toAuthPayload(await this.auth.refresh(input.refreshToken, context));
  }

  @Mutation(() => Boolean, {
    description: 'Ends the session of the access token used; its refresh token stops working.',
  })
  logout(@RequestContext() context: HeraldRequestContext): Promise<boolean> {
    return this.auth.logout(context);
  }

  @Mutation(() => Boolean, { description: 'Ends one of your sessions (a lost device).' })
  revokeSession(
    @Args() args: SessionArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<boolean> {
    return this.auth.revokeSession(args.sessionId, context);
  }

  @Mutation(() => AccessToken, {
    description: 'A new access token acting in another organization you belong to.',
  })
  async switchOrganization(
    @Args() args: SwitchOrganizationArgs,
    @RequestContext() context: HeraldRequestContext,
  ): Promise<AccessToken> {
    return toAccessToken(await this.auth.switchOrganization(args.organizationId, context));
  }

  @Query(() => Viewer, { description: 'The signed-in user, organization and role of this request.' })
  me(@RequestContext() context: HeraldRequestContext): Viewer {
    const actor = requireActor(context);
    return {
      userId: actor.userId,
      sessionId: actor.sessionId,
      organizationId: actor.organizationId,
      role: actor.role,
    };
  }

  @Query(() => [Session], { description: 'Your live sessions, newest first.' })
  async sessions(@RequestContext() context: HeraldRequestContext): Promise<Session[]> {
    const current = requireActor(context).sessionId;
    return (await this.auth.listSessions(context)).map((session) => ({
      id: session._id,
      createdAt: new Date(session.createdAt),
      lastUsedAt: new Date(session.lastUsedAt),
      expiresAt: new Date(session.expiresAt),
      ip: session.ip,
      userAgent: session.userAgent,
      current: session._id === current,
    }));
  }
}

export function toAccessToken(grant: AccessGrant): AccessToken {
  return {
    token: grant.access.token,
    expiresAt: grant.access.expiresAt,
    organizationId: grant.organizationId,
    role: grant.role,
  };
}

function toAuthPayload(signedIn: SignedIn | MfaRequired): AuthPayload {
  if ('mfaChallenge' in signedIn) {
    return {
      userId: signedIn.userId,
      sessionId: null,
      access: null,
      refreshToken: null,
      refreshTokenExpiresAt: null,
      mfaChallenge: { token: signedIn.mfaChallenge.token, expiresAt: signedIn.mfaChallenge.expiresAt },
    };
  }
  return {
    mfaChallenge: null,
    userId: signedIn.userId,
    sessionId: signedIn.sessionId,
    access: toAccessToken(signedIn),
    refreshToken: signedIn.refreshToken,
    refreshTokenExpiresAt: signedIn.refreshTokenExpiresAt,
  };
}
