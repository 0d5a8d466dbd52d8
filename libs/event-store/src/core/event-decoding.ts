import { HeraldError } from '@herald/shared-kernel';
import type { EventMetadata, PersonalField } from '../envelope/envelope';

export function corruptEvent(streamId: string, revision: number, reason: string, cause?: unknown): HeraldError {
  return new HeraldError('EVENT_STORE.CORRUPT_EVENT', `stream ${streamId} revision ${revision}: ${reason}`, { streamId, revision, reason }, { cause });
}

/** Parses one stored JSON column; a parse failure names the event instead of surfacing a bare SyntaxError. */
export function parseStoredJson(text: unknown, column: string, streamId: string, revision: number): unknown {
  if (typeof text !== 'string') throw corruptEvent(streamId, revision, `${column} is not text`);
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw corruptEvent(streamId, revision, `${column} is not valid JSON`, error);
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Checks the parts of the stored metadata every reader relies on (actor, chain hashes, subjects). */
export function parseStoredMetadata(value: unknown, streamId: string, revision: number): EventMetadata {
  const bad = (what: string) => corruptEvent(streamId, revision, `metadata ${what}`);
  if (!isRecord(value)) throw bad('is not an object');
  if (typeof value.prevHash !== 'string' || typeof value.hash !== 'string') throw bad('lacks its chain hashes');
  if (!isRecord(value.actor) || typeof value.actor.kind !== 'string' || typeof value.actor.id !== 'string') throw bad('lacks a valid actor');
  if (!Array.isArray(value.subjectIds)) throw bad('lacks subjectIds');
  if (typeof value.correlationId !== 'string') throw bad('lacks a correlationId');
  return value as unknown as EventMetadata;
}

export function parsePersonalFields(value: unknown, streamId: string, revision: number): PersonalField[] {
  if (!Array.isArray(value) || !value.every((field) => isRecord(field) && typeof field.path === 'string' && typeof field.subjectId === 'string')) {
    throw corruptEvent(streamId, revision, 'personal fields are malformed');
  }
  return value as PersonalField[];
}
