import type { IncomingHttpHeaders } from 'node:http';
import type { RequestMetadata } from '@herald/commands';
import type { MemberRole } from '@herald/organizations';
import { HeraldError, requestIdFrom } from '@herald/shared-kernel';

/** Who is calling, resolved once per request by the access guard from the bearer token. */
export interface AuthenticatedActor {
  readonly userId: string;
  readonly sessionId: string;
  /** The organization the token acts in; null until the user creates, joins or switches to one. */
  readonly organizationId: string | null;
  /** The user's role in that organization, read fresh for each request; null when not a member. */
  readonly role: MemberRole | null;
}

/** What every resolver receives as its GraphQL context. */
export interface HeraldRequestContext {
  readonly requestId: string;
  /** The client's `x-correlation-id` when it sends one (several requests, one user action), else the request id. */
  readonly correlationId: string;
  readonly ip?: string;
  readonly userAgent?: string;
  readonly bearerToken: string | null;
  /** Set by the access guard; null for anonymous callers of public operations. */
  actor: AuthenticatedActor | null;
  /** The guard authenticates once per request even though it runs once per resolver. */
  authentication?: Promise<AuthenticatedActor | null>;
}

export const CORRELATION_ID_HEADER = 'x-correlation-id';

/** The parts of Express's request the context reads (Express's own types are not installed). */
export interface IncomingRequestLike {
  readonly id?: unknown;
  readonly ip?: string;
  readonly headers: IncomingHttpHeaders;
}

export function buildRequestContext(req: IncomingRequestLike): HeraldRequestContext {
  // pino-http has assigned (and echoed) the request id before GraphQL runs.
  const requestId = typeof req.id === 'string' ? req.id : requestIdFrom(req.headers['x-request-id']);
  const correlation = req.headers[CORRELATION_ID_HEADER];
  const userAgent = req.headers['user-agent'];
  return {
    requestId,
    correlationId:
      correlation === undefined ? requestId : requestIdFrom(correlation, { next: () => requestId }),
    ...(req.ip !== undefined ? { ip: req.ip } : {}),
    ...(typeof userAgent === 'string' && userAgent !== '' ? { userAgent: userAgent.slice(0, 512) } : {}),
    bearerToken: bearerTokenOf(req.headers.authorization) ?? apiKeyHeaderOf(req.headers['x-api-key']),
    actor: null,
  };
}

function bearerTokenOf(header: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match ? match[1] : null;
}

/** Integrations may send their API key as `x-api-key` instead of a bearer token. */
function apiKeyHeaderOf(header: string | string[] | undefined): string | null {
  return typeof header === 'string' && /^hk_\S+$/.test(header.trim()) ? header.trim() : null;
}

export function requireActor(context: HeraldRequestContext): AuthenticatedActor {
  if (context.actor === null) {
    throw new HeraldError('AUTH.UNAUTHENTICATED', 'Sign in to do this.', { reason: 'missing' });
  }
  return context.actor;
}

export interface MetadataOptions {
  /** A client-chosen key making a retried mutation return its first answer instead of acting twice. */
  readonly idempotencyKey?: string | null;
  /** The tenant when it is not the token's organization (accepting an invitation into another one). */
  readonly tenantId?: string | null;
  /**
   * For the few public operations that change state (registration), who acts. Never defaulted:
   * an anonymous request must not borrow the powers of a system actor by accident.
   */
  readonly actor?: RequestMetadata['actor'];
}

/** Command metadata for a request: the actor, tenant, ids and origin every appended event records. */
export function commandMetadata(
  context: HeraldRequestContext,
  options: MetadataOptions = {},
): RequestMetadata {
  const actor = options.actor === undefined ? requireActor(context) : null;
  return {
    tenantId: options.tenantId !== undefined ? options.tenantId : (actor?.organizationId ?? null),
    actor: actor === null ? (options.actor as RequestMetadata['actor']) : { kind: 'user', id: actor.userId },
    correlationId: context.correlationId,
    causationId: null,
    requestId: context.requestId,
    ...(context.ip !== undefined ? { ip: context.ip } : {}),
    ...(context.userAgent !== undefined ? { userAgent: context.userAgent } : {}),
    ...(options.idempotencyKey !== undefined && options.idempotencyKey !== null
      ? { idempotencyKey: options.idempotencyKey }
      : {}),
  };
}
