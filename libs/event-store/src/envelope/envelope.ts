/**
 * The event envelope (DESIGN.md, "Events"). Stored as is, published on Kafka as CloudEvents
 * structured JSON, and shown to compliance officers. Integration contract: change it only by
 * adding optional fields.
 */
export type ActorKind = 'user' | 'system' | 'agent' | 'webhook';

export interface Actor {
  readonly kind: ActorKind;
  readonly id: string;
}

/** What the caller knows about the cause of an append; flows from the request into every event. */
export interface EventMetadataInput {
  readonly tenantId: string | null;
  readonly actor: Actor;
  readonly correlationId: string;
  readonly causationId: string | null;
  readonly requestId?: string;
  readonly ip?: string;
  readonly userAgent?: string;
  /** Data subjects this event carries personal data about (erasure and export find events by them). */
  readonly subjectIds: readonly string[];
}

/** Metadata as stored: the input plus the per-stream hash chain the store computes. */
export interface EventMetadata extends EventMetadataInput {
  readonly prevHash: string;
  readonly hash: string;
}

/**
 * Fields of `data` that are personal data of one subject. `path` is a dotted path into `data`
 * (`email`, `profile.name`). The store encrypts them with the subject's key before anything
 * is written, so the plaintext never reaches the log, Kafka or a backup.
 */
export interface PersonalField {
  readonly path: string;
  readonly subjectId: string;
}

export interface NewEvent<TData = unknown> {
  /** UUIDv7 chosen by the caller: appends are idempotent by this id. */
  readonly id: string;
  /** Explicit, dotted, lower camel (`post.scheduled`); never derived from a class name. */
  readonly type: string;
  readonly schemaVersion: number;
  readonly data: TData;
  readonly metadata: EventMetadataInput;
  readonly personalFields?: readonly PersonalField[];
}

export interface RecordedEvent<TData = unknown> {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  /** 0-based position of the event in its stream. */
  readonly revision: number;
  /** 1-based, gap-free position in `$all`. */
  readonly globalPosition: number;
  /** ISO-8601 instant the store committed the event. */
  readonly occurredAt: string;
  readonly data: TData;
  readonly metadata: EventMetadata;
  readonly personalFields: readonly PersonalField[];
}

/** What a personal field reads back as once its subject's key is forgotten. */
export interface ErasedValue {
  readonly erased: true;
  readonly subjectId: string;
}

export const erasedValue = (subjectId: string): ErasedValue => ({ erased: true, subjectId });

export function isErasedValue(value: unknown): value is ErasedValue {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { erased?: unknown }).erased === true &&
    typeof (value as { subjectId?: unknown }).subjectId === 'string'
  );
}

/** `post-0190…` → `post`. Streams are named `<category>-<id>`. */
export function streamCategory(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}
