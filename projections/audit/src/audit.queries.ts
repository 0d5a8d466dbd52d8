import { HeraldError } from '@herald/shared-kernel';
import type { ActorKind } from '@herald/event-store';
import type { ProjectionCatalog } from '@herald/projections-runtime';
import type { Filter, Page } from '@herald/read-store';
import { allowedValues, pageLimit, requireId, requireInstant, requireOrganizationId } from '@herald/projections/support';
import { AUDIT_COLLECTIONS, AUDIT_PROJECTION, type AuditEntryDocument } from './audit.projection';

export type AuditEntry = Omit<AuditEntryDocument, '_id'> & { readonly eventId: string };

const ACTOR_KINDS: readonly ActorKind[] = ['user', 'system', 'agent', 'webhook'];

export interface AuditListInput {
  /**
   * The tenant whose trail to read. `null` reads the platform-level trail (events outside any
   * organization, such as a user's own account) and is for operators only: the caller checks that.
   */
  readonly organizationId: string | null;
  readonly actorId?: string;
  readonly actorKind?: ActorKind;
  /** Stream category (`post`, `socialAccount`, …) and, optionally, the id within it. */
  readonly resourceType?: string;
  readonly resourceId?: string;
  readonly actions?: string | readonly string[];
  readonly correlationId?: string;
  /** Inclusive lower bound of `occurredAt`. */
  readonly from?: string;
  /** Exclusive upper bound of `occurredAt`. */
  readonly to?: string;
  /** Newest first by default; `asc` replays a correlation in the order it happened. */
  readonly order?: 'asc' | 'desc';
  readonly after?: string | null;
  readonly limit?: number;
}

export interface AuditQueries {
  list(input: AuditListInput): Promise<Page<AuditEntry>>;
  get(input: { readonly organizationId: string | null; readonly eventId: string }): Promise<AuditEntry | null>;
}

export function toAuditEntry(document: AuditEntryDocument): AuditEntry {
  const { _id, _position: _stamp, ...rest } = document as AuditEntryDocument & { _position?: number };
  return { eventId: _id, ...rest };
}

/** null is an explicit choice of the platform trail; anything else must name a tenant. */
const tenantOf = (organizationId: string | null): string | null => (organizationId === null ? null : requireOrganizationId(organizationId));

function listFilter(input: AuditListInput): Filter<AuditEntryDocument> {
  // `{ organizationId: null }` would also match documents lacking the field; every entry has it, so it selects tenantless ones only.
  const filter: Filter<AuditEntryDocument> = { organizationId: tenantOf(input.organizationId) };
  if (input.actorId !== undefined) filter.actorId = requireId(input.actorId, 'actorId');
  if (input.actorKind !== undefined) filter.actorKind = allowedValues(input.actorKind, ACTOR_KINDS, 'actorKind')?.[0];
  if (input.resourceType !== undefined) filter.resourceType = requireId(input.resourceType, 'resourceType');
  if (input.resourceId !== undefined) filter.resourceId = requireId(input.resourceId, 'resourceId');
  if (input.correlationId !== undefined) filter.correlationId = requireId(input.correlationId, 'correlationId');
  if (input.actions !== undefined) {
    const actions = (Array.isArray(input.actions) ? input.actions : [input.actions]).map((action) => requireId(action, 'actions'));
    filter.action = { $in: actions };
  }
  const from = input.from === undefined ? undefined : requireInstant(input.from, 'from');
  const to = input.to === undefined ? undefined : requireInstant(input.to, 'to');
  if (from !== undefined && to !== undefined && from >= to) {
    throw new HeraldError('VALIDATION.FAILED', `The time range is empty: from (${from}) must be before to (${to}).`, { field: 'to' });
  }
  if (from !== undefined || to !== undefined) filter.occurredAt = { ...(from === undefined ? {} : { $gte: from }), ...(to === undefined ? {} : { $lt: to }) };
  return filter;
}

export function auditQueries(catalog: ProjectionCatalog): AuditQueries {
  const open = () => catalog.open<AuditEntryDocument>(AUDIT_PROJECTION, AUDIT_COLLECTIONS.entries);
  return {
    async list(input) {
      const filter = listFilter(input);
      const direction = allowedValues(input.order, ['asc', 'desc'], 'order')?.[0] === 'asc' ? 1 : -1;
      const page = await (await open()).findPage(filter, { sort: { position: direction }, after: input.after ?? null, limit: pageLimit(input.limit) });
      return { items: page.items.map(toAuditEntry), nextCursor: page.nextCursor };
    },
    async get(input) {
      const found = await (await open()).findOne({ _id: requireId(input.eventId, 'eventId'), organizationId: tenantOf(input.organizationId) });
      return found === null ? null : toAuditEntry(found);
    },
  };
}
