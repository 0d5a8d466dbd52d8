import { SetMetadata, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { MemberRole } from '@herald/organizations';
import type { HeraldRequestContext } from './request-context';

export const PUBLIC_OPERATION = 'herald:public';
export const REQUIRED_ROLES = 'herald:requiredRoles';

/** Operations anyone may call (login, register). Everything else needs a valid access token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_OPERATION, true);

/**
 * The caller must hold one of `roles` in the organization of their token, checked before the
 * resolver runs. An `organizationId` argument (top-level or in `input`) naming another
 * organization answers NOT_FOUND, as if it did not exist.
 */
export const RequireRole = (...roles: MemberRole[]): MethodDecorator => SetMetadata(REQUIRED_ROLES, roles);

/** The request's context (actor, ids, origin) as a resolver parameter. */
export const RequestContext = createParamDecorator(
  (_data: unknown, context: ExecutionContext): HeraldRequestContext =>
    GqlExecutionContext.create(context).getContext<HeraldRequestContext>(),
);
