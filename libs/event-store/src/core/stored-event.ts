import { createHash } from 'node:crypto';
import type { EventMetadata, EventMetadataInput, PersonalField, RecordedEvent } from '../envelope/envelope';
import { chainHash, type HashedContent } from '../envelope/hash-chain';

/**
 * An event as the log holds it: personal fields still encrypted, schema version as written.
 * Readers turn it into a `RecordedEvent` by decrypting and upcasting (read-pipeline.ts); the
 * hash chain is computed and verified over this form only.
 */
export type StoredEvent = RecordedEvent;

export interface UnsealedEvent {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly revision: number;
  readonly occurredAt: string;
  /** Already encrypted. */
  readonly data: unknown;
  readonly metadata: EventMetadataInput;
  readonly personalFields: readonly PersonalField[];
}

export function hashedContentOf(event: UnsealedEvent | StoredEvent): HashedContent {
  // The chain covers metadata without its own hashes: strip them whatever the input carries.
  const { prevHash: _prev, hash: _hash, ...metadata } = event.metadata as Partial<EventMetadata> & EventMetadataInput;
  return {
    id: event.id,
    type: event.type,
    schemaVersion: event.schemaVersion,
    streamId: event.streamId,
    revision: event.revision,
    occurredAt: event.occurredAt,
    data: event.data,
    metadata: metadata as Record<string, unknown>,
    personalFields: event.personalFields,
  };
}

/** Links the event into its stream's chain: the metadata it is stored with. */
export function sealMetadata(prevHash: string, event: UnsealedEvent): EventMetadata {
  return { ...event.metadata, prevHash, hash: chainHash(prevHash, hashedContentOf(event)) };
}

/** An event's stored parts, each already canonical JSON (see `canonicalJson`). */
export interface CanonicalParts {
  readonly id: string;
  readonly type: string;
  readonly schemaVersion: number;
  readonly streamId: string;
  readonly revision: number;
  readonly occurredAt: string;
  readonly dataJson: string;
  /** Metadata without prevHash/hash. */
  readonly metadataJson: string;
  readonly personalFieldsJson: string;
}

/**
 * `chainHash(prevHash, hashedContentOf(event))` from parts serialised once, for the write path
 * (the adapters' hot loop). It spells out canonicalJson of HashedContent: keys in sorted order.
 * Returns the hash and the metadata JSON to store (the chain hashes added).
 */
export function sealCanonical(prevHash: string, parts: CanonicalParts): { hash: string; storedMetadataJson: string } {
  const content =
    `{"data":${parts.dataJson},"id":${JSON.stringify(parts.id)},"metadata":${parts.metadataJson}` +
    `,"occurredAt":${JSON.stringify(parts.occurredAt)},"personalFields":${parts.personalFieldsJson}` +
    `,"revision":${parts.revision},"schemaVersion":${parts.schemaVersion}` +
    `,"streamId":${JSON.stringify(parts.streamId)},"type":${JSON.stringify(parts.type)}}`;
  const hash = createHash('sha256').update(prevHash).update(content).digest('hex');
  const hashes = `"hash":"${hash}","prevHash":"${prevHash}"`;
  const storedMetadataJson = parts.metadataJson === '{}' ? `{${hashes}}` : `${parts.metadataJson.slice(0, -1)},${hashes}}`;
  return { hash, storedMetadataJson };
}

/** Metadata as the chain covers it: whatever hashes the caller's object carries are not its own. */
export function metadataWithoutHashes(metadata: EventMetadataInput): EventMetadataInput {
  if (!('prevHash' in metadata) && !('hash' in metadata)) return metadata;
  const { prevHash: _prev, hash: _hash, ...rest } = metadata as EventMetadataInput & { prevHash?: unknown; hash?: unknown };
  return rest;
}
