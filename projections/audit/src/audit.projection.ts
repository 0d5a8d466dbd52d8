import { streamCategory, type ActorKind, type RecordedEvent } from '@herald/event-store';
import type { UserErased } from '@herald/identity';
import { defineProjection } from '@herald/projections-runtime';
import { domainEventOf, streamEntityId, type EventVersions } from '@herald/projections/support';
import { auditSummary, dataFields, type SummaryValue } from './audit-summary';

export const AUDIT_PROJECTION = 'audit';
export const AUDIT_COLLECTIONS = { entries: 'entries' } as const;

export interface AuditOrigin {
  ip: string | null;
  userAgent: string | null;
  /** The actor was erased: the origin of their requests is forgotten with them. */
  erased: boolean;
}

/** One entry per event of the log: who did what to which resource, when, why (causation) and from where. */
export interface AuditEntryDocument {
  /** The event id. */
  _id: string;
  /** The tenant; null for events outside any organization (a user's own account). */
  organizationId: string | null;
  position: number;
  occurredAt: string;
  action: string;
  schemaVersion: number;
  resourceType: string;
  resourceId: string;
  streamId: string;
  revision: number;
  actorKind: ActorKind;
  actorId: string;
  correlationId: string;
  causationId: string | null;
  requestId: string | null;
  origin: AuditOrigin;
  /** Data subjects the event carries personal data about: what export and erasure look up. */
  subjectIds: string[];
  /** Paths of personal data in the event, withheld here. */
  personalFields: string[];
  dataFields: string[];
  summary: Record<string, SummaryValue>;
  /** The event's hash-chain link: proves the entry matches the stored, verifiable event. */
  hash: string;
}

const ERASURE_VERSIONS: EventVersions<UserErased> = { 'user.erased': 1 };

export function auditEntry(event: RecordedEvent): AuditEntryDocument {
  const { metadata } = event;
  return {
    _id: event.id,
    organizationId: metadata.tenantId,
    position: event.globalPosition,
    occurredAt: event.occurredAt,
    action: event.type,
    schemaVersion: event.schemaVersion,
    resourceType: streamCategory(event.streamId),
    resourceId: streamEntityId(event.streamId),
    streamId: event.streamId,
    revision: event.revision,
    actorKind: metadata.actor.kind,
    actorId: metadata.actor.id,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    requestId: metadata.requestId ?? null,
    origin: { ip: metadata.ip ?? null, userAgent: metadata.userAgent ?? null, erased: false },
    subjectIds: [...metadata.subjectIds],
    personalFields: event.personalFields.map((field) => field.path),
    dataFields: dataFields(event.data),
    summary: auditSummary(event.data, event.personalFields),
    hash: metadata.hash,
  };
}

/**
 * The audit trail compliance officers query: every event of the log, any category. Entries are
 * written once per event id; an erased user's request origins (ip, user agent) are cleared from
 * every entry they acted in when `user.erased` arrives, so a rebuild reaches the same state.
 */
export const auditProjection = defineProjection({
  name: AUDIT_PROJECTION,
  version: 1,
  collections: Object.values(AUDIT_COLLECTIONS),
  async setup(indexes) {
    await indexes.createIndex(AUDIT_COLLECTIONS.entries, { fields: { organizationId: 1, position: -1 } });
    await indexes.createIndex(AUDIT_COLLECTIONS.entries, { fields: { organizationId: 1, actorId: 1, position: -1 } });
    await indexes.createIndex(AUDIT_COLLECTIONS.entries, { fields: { organizationId: 1, resourceId: 1, position: -1 } });
    await indexes.createIndex(AUDIT_COLLECTIONS.entries, { fields: { organizationId: 1, correlationId: 1 } });
    await indexes.createIndex(AUDIT_COLLECTIONS.entries, { fields: { actorId: 1 } });
  },
  handle(event, context) {
    const entry = auditEntry(event);
    const erased = domainEventOf<UserErased>(event, ERASURE_VERSIONS);
    if (erased !== null) {
      const forgotten: AuditOrigin = { ip: null, userAgent: null, erased: true };
      context.updateMany<AuditEntryDocument>(AUDIT_COLLECTIONS.entries, { actorKind: 'user', actorId: erased.data.userId }, { $set: { origin: forgotten } });
      if (entry.actorKind === 'user' && entry.actorId === erased.data.userId) entry.origin = forgotten;
    }
    context.replace<AuditEntryDocument>(AUDIT_COLLECTIONS.entries, event.id, entry);
  },
});
