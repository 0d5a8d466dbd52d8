import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { MemberRole } from '@herald/organizations';
import { HeraldError, isHeraldError } from '@herald/shared-kernel';
import { Authenticator } from '../identity/authenticator';
import { PUBLIC_OPERATION, REQUIRED_ROLES } from './access.decorators';
import type { AuthenticatedActor, HeraldRequestContext } from './request-context';

/**
 * Authenticates every GraphQL operation (deny by default; `@Public()` opts out) and enforces
 * `@RequireRole` with the role read fresh for this request, before any resolver code runs.
 */
@Injectable()
export class GraphQLAccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: Authenticator,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    if (execution.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(execution);
    const context = gql.getContext<HeraldRequestContext>();
    const targets = [execution.getHandler(), execution.getClass()];
    const isPublic =
      this.reflector.getAllAndOverride<boolean | undefined>(PUBLIC_OPERATION, targets) === true;

    context.authentication ??= this.authenticate(context);
    let actor: AuthenticatedActor | null;
    try {
      actor = await context.authentication;
    } catch (error) {
      // A stale token must not stop a public operation such as login or refresh.
      if (isPublic && isHeraldError(error, 'AUTH.UNAUTHENTICATED')) return true;
      throw error;
    }
    context.actor = actor;
    if (isPublic) return true;
    if (actor === null)
      throw new HeraldError('AUTH.UNAUTHENTICATED', 'Sign in to do this.', { reason: 'missing' });

    const roles = this.reflector.get<MemberRole[] | undefined>(REQUIRED_ROLES, execution.getHandler());
    if (roles !== undefined) this.checkRole(actor, roles, gql.getArgs<Record<string, unknown>>());
    return true;
  }

  private async authenticate(context: HeraldRequestContext): Promise<AuthenticatedActor | null> {
    return context.bearerToken === null ? null : this.authenticator.authenticate(context.bearerToken);
  }

  private checkRole(
    actor: AuthenticatedActor,
    roles: readonly MemberRole[],
    args: Record<string, unknown>,
  ): void {
    if (actor.organizationId === null) {
      throw new HeraldError(
        'AUTH.ORGANIZATION_REQUIRED',
        'Select an organization first (create one, accept an invitation or switch to one).',
      );
    }
    const named = organizationArgument(args);
    // Another tenant's organization, or one the caller was removed from: indistinguishable from none.
    if ((named !== undefined && named !== actor.organizationId) || actor.role === null) {
      throw new HeraldError('NOT_FOUND', 'This organization does not exist.', {
        organizationId: named ?? actor.organizationId,
      });
    }
    if (!roles.includes(actor.role)) {
      throw new HeraldError(
        'AUTH.FORBIDDEN',
        `This needs one of the roles ${roles.join(', ')}; you are ${actor.role}.`,
        {
          requiredRoles: roles,
          role: actor.role,
        },
      );
    }
  }
}

function organizationArgument(args: Record<string, unknown>): string | undefined {
  const input = args.input;
  const candidate =
    args.organizationId ??
    (typeof input === 'object' && input !== null
      ? (input as Record<string, unknown>).organizationId
      : undefined);
  return typeof candidate === 'string' ? candidate : undefined;
}
