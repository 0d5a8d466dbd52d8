import { HeraldError } from '@herald/shared-kernel';
import type { CollectionWrite } from '@herald/read-store';

/** Runtime bookkeeping lives in the read store beside the read models, so a checkpoint can commit with them. */
export const PROJECTION_STATE_COLLECTION = 'projection_state';
/** Operator actions and swaps, one document each, never updated: the audit trail of the read side. */
export const PROJECTION_AUDIT_COLLECTION = 'projection_audit';

export type GenerationStatus = 'running' | 'stopped' | 'failed' | 'rebuilding';

/** What an operator needs to find and judge a poison event (a failed `setup` has type `(setup)` and empty event fields). */
export interface FailureRecord {
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  readonly streamId: string;
  readonly occurredAt: string;
  readonly message: string;
  /** The HeraldError code when there was one. */
  readonly code: string | null;
  readonly failedAt: string;
}

export interface ProjectionFilterRecord {
  readonly eventTypes: string[];
  readonly categories: string[];
}

/** One per projection: which generation queries read. */
export interface ProjectionRecord {
  readonly _id: string;
  readonly kind: 'projection';
  readonly name: string;
  readonly liveVersion: number;
  /** The generation being built beside the live one, if any. */
  readonly targetVersion: number | null;
  readonly updatedAt: string;
}

/**
 * One per built copy of a projection. `version` names the physical collections; it equals the
 * definition's version unless an operator rebuild forced a fresh copy of the same definition.
 */
export interface GenerationRecord {
  readonly _id: string;
  readonly kind: 'generation';
  readonly name: string;
  readonly version: number;
  readonly definitionVersion: number;
  readonly filter: ProjectionFilterRecord;
  readonly collections: string[];
  readonly status: GenerationStatus;
  /** Global position of the last event fully applied (or scanned past) by this generation. */
  readonly checkpoint: number;
  readonly lastError: FailureRecord | null;
  /** How many times an operator resumed it (retry or skip): a worker stopped at a failure restarts when this grows. */
  readonly resumes: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly retiredAt: string | null;
}

export type AuditAction = 'skip' | 'retry' | 'rebuild' | 'swap';

export interface AuditRecord {
  readonly _id: string;
  readonly name: string;
  readonly version: number;
  readonly action: AuditAction;
  readonly actor: string;
  readonly reason: string;
  readonly at: string;
  /** The skipped or retried event, for `skip` and `retry`. */
  readonly event: Omit<FailureRecord, 'failedAt'> | null;
  readonly details: Record<string, string | number | null>;
}

export const projectionId = (name: string): string => name;
export const generationId = (name: string, version: number): string => `${name}@v${version}`;

/** `<name>_v<version>` for the collection named after the projection, `<name>.<logical>_v<version>` for the others. */
export function physicalCollection(name: string, logical: string, version: number): string {
  return logical === name ? `${name}_v${version}` : `${name}.${logical}_v${version}`;
}

export function stateWrite(id: string, set: Record<string, unknown>): CollectionWrite {
  return {
    collection: PROJECTION_STATE_COLLECTION,
    operation: { updateOne: { filter: { _id: id }, update: { $set: set } } },
  };
}

const STATUSES: readonly GenerationStatus[] = ['running', 'stopped', 'failed', 'rebuilding'];

function invalid(id: unknown, problem: string): HeraldError {
  return new HeraldError('PROJECTIONS.INVALID_STATE', `Projection state ${String(id)}: ${problem}`, {
    id: String(id),
    problem,
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isCount = (value: unknown): value is number =>
  typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

export function parseProjectionRecord(raw: unknown): ProjectionRecord {
  if (!isRecord(raw) || raw.kind !== 'projection')
    throw invalid(isRecord(raw) ? raw._id : raw, 'not a projection record');
  const { _id, name, liveVersion, targetVersion, updatedAt } = raw;
  if (typeof _id !== 'string' || typeof name !== 'string') throw invalid(_id, 'missing name');
  if (!isCount(liveVersion)) throw invalid(_id, 'liveVersion must be a count');
  if (targetVersion !== null && !isCount(targetVersion))
    throw invalid(_id, 'targetVersion must be a count or null');
  if (typeof updatedAt !== 'string') throw invalid(_id, 'updatedAt must be a string');
  return { _id, kind: 'projection', name, liveVersion, targetVersion, updatedAt };
}

export function parseGenerationRecord(raw: unknown): GenerationRecord {
  if (!isRecord(raw) || raw.kind !== 'generation')
    throw invalid(isRecord(raw) ? raw._id : raw, 'not a generation record');
  const {
    _id,
    name,
    version,
    definitionVersion,
    filter,
    collections,
    status,
    checkpoint,
    lastError,
    resumes,
    createdAt,
    updatedAt,
    retiredAt,
  } = raw;
  if (typeof _id !== 'string' || typeof name !== 'string') throw invalid(_id, 'missing name');
  if (!isCount(version) || !isCount(definitionVersion)) throw invalid(_id, 'versions must be counts');
  if (!isRecord(filter) || !isStrings(filter.eventTypes) || !isStrings(filter.categories))
    throw invalid(_id, 'filter is malformed');
  if (!isStrings(collections)) throw invalid(_id, 'collections must be strings');
  if (typeof status !== 'string' || !STATUSES.includes(status as GenerationStatus))
    throw invalid(_id, `unknown status ${String(status)}`);
  if (!isCount(checkpoint)) throw invalid(_id, 'checkpoint must be a count');
  if (!isCount(resumes)) throw invalid(_id, 'resumes must be a count');
  if (typeof createdAt !== 'string' || typeof updatedAt !== 'string')
    throw invalid(_id, 'timestamps must be strings');
  if (retiredAt !== null && typeof retiredAt !== 'string')
    throw invalid(_id, 'retiredAt must be a string or null');
  return {
    _id,
    kind: 'generation',
    name,
    version,
    definitionVersion,
    filter: { eventTypes: filter.eventTypes, categories: filter.categories },
    collections,
    status: status as GenerationStatus,
    checkpoint,
    lastError: lastError === null || lastError === undefined ? null : parseFailure(_id, lastError),
    resumes,
    createdAt,
    updatedAt,
    retiredAt,
  };
}

function parseFailure(id: string, raw: unknown): FailureRecord {
  if (!isRecord(raw)) throw invalid(id, 'lastError is malformed');
  const { position, eventId, type, streamId, occurredAt, message, code, failedAt } = raw;
  if (!isCount(position)) throw invalid(id, 'lastError.position must be a count');
  for (const [field, value] of Object.entries({ eventId, type, streamId, occurredAt, message, failedAt })) {
    if (typeof value !== 'string') throw invalid(id, `lastError.${field} must be a string`);
  }
  if (code !== null && typeof code !== 'string') throw invalid(id, 'lastError.code must be a string or null');
  return {
    position,
    eventId: eventId as string,
    type: type as string,
    streamId: streamId as string,
    occurredAt: occurredAt as string,
    message: message as string,
    code,
    failedAt: failedAt as string,
  };
}

export interface GenerationSpec {
  readonly name: string;
  readonly version: number;
  readonly definitionVersion: number;
  readonly filter: ProjectionFilterRecord;
  readonly collections: readonly string[];
  readonly status: GenerationStatus;
}

export function newGenerationRecord(spec: GenerationSpec, now: string): GenerationRecord {
  return {
    _id: generationId(spec.name, spec.version),
    kind: 'generation',
    name: spec.name,
    version: spec.version,
    definitionVersion: spec.definitionVersion,
    filter: { eventTypes: [...spec.filter.eventTypes], categories: [...spec.filter.categories] },
    collections: [...spec.collections],
    status: spec.status,
    checkpoint: 0,
    lastError: null,
    resumes: 0,
    createdAt: now,
    updatedAt: now,
    retiredAt: null,
  };
}

/** Creating a record is a replace-or-insert by `_id`, so a retried creation converges instead of failing. */
export function putRecord(record: ProjectionRecord | GenerationRecord): CollectionWrite {
  return {
    collection: PROJECTION_STATE_COLLECTION,
    operation: { replaceOne: { filter: { _id: record._id }, replacement: { ...record }, upsert: true } },
  };
}

export function auditWrite(record: AuditRecord): CollectionWrite {
  return { collection: PROJECTION_AUDIT_COLLECTION, operation: { insertOne: { document: { ...record } } } };
}
