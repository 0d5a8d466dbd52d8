import { Inject, Injectable } from '@nestjs/common';
import { CLOCK, type Clock, HeraldError, ID_GENERATOR, type IdGenerator } from '@herald/shared-kernel';
import { requireActor, type HeraldRequestContext } from '../graphql/request-context';
import { API_KEY_SCOPES, isApiKeyScope } from './api-key-scopes';
import { ApiKeys, type ApiKeyDocument, isApiKey } from './api-keys';

/** Managing an organization's integration keys; the resolver restricts it to admins. */
@Injectable()
export class ApiKeyService {
  constructor(
    private readonly keys: ApiKeys,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ID_GENERATOR) private readonly ids: IdGenerator,
  ) {}

  async create(
    input: { name: string; scopes: string[]; expiresAt?: Date | null },
    context: HeraldRequestContext,
  ): Promise<{ key: string; document: ApiKeyDocument }> {
    const actor = this.sessionActor(context);
    const now = this.clock.now();
    const unknown = input.scopes.filter((scope) => !isApiKeyScope(scope));
    if (unknown.length > 0 || input.scopes.length === 0) {
      throw new HeraldError('VALIDATION.FAILED', `Scopes must be among: ${API_KEY_SCOPES.join(', ')}.`, {
        field: 'scopes',
        unknown,
      });
    }
    if (input.expiresAt != null && input.expiresAt.getTime() <= now.getTime()) {
      throw new HeraldError('VALIDATION.FAILED', 'An expiry must lie in the future.', { field: 'expiresAt' });
    }
    return this.keys.create(
      {
        _id: this.ids.next(),
        organizationId: actor.organizationId,
        name: input.name,
        scopes: [...new Set(input.scopes)],
        createdBy: actor.userId,
        expiresAt: input.expiresAt?.toISOString() ?? null,
      },
      now,
    );
  }

  async list(context: HeraldRequestContext): Promise<ApiKeyDocument[]> {
    return this.keys.list(this.sessionActor(context).organizationId);
  }

  async revoke(keyId: string, context: HeraldRequestContext): Promise<boolean> {
    const actor = this.sessionActor(context);
    if (!(await this.keys.revoke(actor.organizationId, keyId, this.clock.now()))) {
      throw new HeraldError('NOT_FOUND', 'This API key does not exist or is already revoked.', { keyId });
    }
    return true;
  }

  /** Key management needs a person: a key cannot mint or revoke keys. */
  private sessionActor(context: HeraldRequestContext): { userId: string; organizationId: string } {
    const actor = requireActor(context);
    if ((context.bearerToken !== null && isApiKey(context.bearerToken)) || actor.organizationId === null) {
      throw new HeraldError('AUTH.FORBIDDEN', 'API keys are managed by a signed-in admin.');
    }
    return { userId: actor.userId, organizationId: actor.organizationId };
  }
}
