import { Inject, Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { CLOCK, type Clock, HeraldError } from '@herald/shared-kernel';
import type { HeraldRequestContext } from '../graphql/request-context';
import { scopeForOperation } from './api-key-scopes';
import { ApiKeys, isApiKey } from './api-keys';

/**
 * Runs beside the access guard (which authenticates and checks roles) and narrows API-key
 * requests to the operations their scopes name. Session tokens pass untouched.
 */
@Injectable()
export class ApiKeyScopeGuard implements CanActivate {
  constructor(
    private readonly apiKeys: ApiKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async canActivate(execution: ExecutionContext): Promise<boolean> {
    if (execution.getType<GqlContextType>() !== 'graphql') return true;
    const gql = GqlExecutionContext.create(execution);
    const token = gql.getContext<HeraldRequestContext>().bearerToken;
    if (token === null || token === undefined || !isApiKey(token)) return true;
    const info = gql.getInfo<GraphQLResolveInfo>();
    const rootType = info.parentType.name;
    const required = scopeForOperation(rootType, info.fieldName);
    const key = await this.apiKeys.verify(token, this.clock.now());
    if (required === null) return true;
    if (required === undefined || !key.scopes.includes(required)) {
      throw new HeraldError('AUTH.SCOPE_MISSING', `This API key may not call ${info.fieldName}.`, {
        operation: `${rootType}.${info.fieldName}`,
        requiredScope: required ?? null,
        scopes: key.scopes,
      });
    }
    return true;
  }
}
