import { buildRequestContext, commandMetadata } from './request-context';

describe(buildRequestContext.name, () => {
  it("takes the request id pino assigned, the client's correlation id, origin and bearer token", () => {
    const context = buildRequestContext({
      id: 'req-1',
      ip: '10.0.0.9',
      headers: { 'x-correlation-id': 'flow-7', 'user-agent': 'app/2.0', authorization: 'Bearer abc.def.ghi' },
    });
    expect(context).toEqual({
      requestId: 'req-1',
      correlationId: 'flow-7',
      ip: '10.0.0.9',
      userAgent: 'app/2.0',
      bearerToken: 'abc.def.ghi',
      actor: null,
    });
  });

  it('falls back to the request id for a missing or unsafe correlation id, and ignores other schemes', () => {
    expect(buildRequestContext({ id: 'req-2', headers: {} }).correlationId).toBe('req-2');
    const unsafe = buildRequestContext({
      id: 'req-3',
      headers: { 'x-correlation-id': 'a\nforged log line', authorization: 'Basic dXNlcg==' },
    });
    expect(unsafe.correlationId).toBe('req-3');
    expect(unsafe.bearerToken).toBeNull();
  });
});

describe(commandMetadata.name, () => {
  const base = buildRequestContext({ id: 'req-1', ip: '10.0.0.9', headers: { 'user-agent': 'app/2.0' } });
  const signedIn = {
    ...base,
    actor: { userId: 'user-1', sessionId: 's-1', organizationId: 'org-1', role: 'admin' as const },
  };

  it('carries the actor, their organization, ids, origin and the idempotency key', () => {
    expect(commandMetadata(signedIn, { idempotencyKey: 'k-1' })).toEqual({
      tenantId: 'org-1',
      actor: { kind: 'user', id: 'user-1' },
      correlationId: 'req-1',
      causationId: null,
      requestId: 'req-1',
      ip: '10.0.0.9',
      userAgent: 'app/2.0',
      idempotencyKey: 'k-1',
    });
    expect(commandMetadata(signedIn, { tenantId: 'org-2', idempotencyKey: null })).toMatchObject({
      tenantId: 'org-2',
    });
    expect(commandMetadata(signedIn, { idempotencyKey: null })).not.toHaveProperty('idempotencyKey');
  });

  it('refuses an anonymous request unless the operation names its actor explicitly', () => {
    expect(() => commandMetadata(base)).toThrow(expect.objectContaining({ code: 'AUTH.UNAUTHENTICATED' }));
    expect(commandMetadata(base, { actor: { kind: 'system', id: 'signup' }, tenantId: null })).toMatchObject({
      tenantId: null,
      actor: { kind: 'system', id: 'signup' },
    });
  });
});
