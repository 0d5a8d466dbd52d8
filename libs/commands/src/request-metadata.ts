import type { ActorKind, CommandActor } from '@herald/shared-kernel';

/**
 * Who asked, on whose behalf, and why: resolved once at the edge (GraphQL, REST, saga, CLI)
 * and carried unchanged by the command into the metadata of every event it appends.
 */
export interface RequestMetadata {
  /** The organization the command acts in; null only for tenant-less commands (registration, operators). */
  readonly tenantId: string | null;
  readonly actor: CommandActor;
  /** Shared by every command and event of one user-visible operation (a request, a saga run). */
  readonly correlationId: string;
  /** The event or request that caused this command; null for a user's own request. */
  readonly causationId: string | null;
  readonly requestId?: string;
  readonly ip?: string;
  readonly userAgent?: string;
  /**
   * A repeated command with the same key (per tenant and command type) returns the first result
   * and appends nothing. Clients send one per user intent ("schedule this post"), not per HTTP try.
   */
  readonly idempotencyKey?: string;
  /** Data subjects the events concern beyond those whose personal fields they carry. */
  readonly subjectIds?: readonly string[];
}

const ACTOR_KINDS: readonly ActorKind[] = ['user', 'system', 'agent', 'webhook'];

export function isActorKind(value: unknown): value is ActorKind {
  return typeof value === 'string' && (ACTOR_KINDS as readonly string[]).includes(value);
}

/** What a saga or projector-triggered command carries: same correlation, caused by the event it reacts to. */
export function metadataCausedBy(
  cause: {
    readonly id: string;
    readonly metadata: { readonly tenantId: string | null; readonly correlationId: string };
  },
  actor: CommandActor,
  extra: Pick<RequestMetadata, 'idempotencyKey' | 'subjectIds'> = {},
): RequestMetadata {
  return {
    tenantId: cause.metadata.tenantId,
    actor,
    correlationId: cause.metadata.correlationId,
    causationId: cause.id,
    ...extra,
  };
}
