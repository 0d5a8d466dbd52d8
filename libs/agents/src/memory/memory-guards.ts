import { HeraldError } from '@herald/shared-kernel';
import {
  MEMORY_COLLECTIONS,
  type MemoryAttributes,
  type MemoryCollection,
  type NewMemory,
} from './vector-memory.port';

/** Attribute names the adapters keep for themselves. */
export const RESERVED_ATTRIBUTES = ['organizationId', 'memoryId', 'subjectId', 'recordedAt'] as const;

export function requireScope(organizationId: string, collection: MemoryCollection): void {
  if (typeof organizationId !== 'string' || organizationId.trim() === '') {
    throw new HeraldError('VALIDATION.FAILED', 'Agent memory is always scoped to an organization.', {
      field: 'organizationId',
    });
  }
  if (!(MEMORY_COLLECTIONS as readonly string[]).includes(collection)) {
    throw new HeraldError('VALIDATION.FAILED', `Unknown memory collection "${String(collection)}".`, {
      field: 'collection',
    });
  }
}

export function requireMemory(memory: NewMemory): void {
  if (memory.id.trim() === '' || memory.text.trim() === '' || Number.isNaN(Date.parse(memory.recordedAt))) {
    throw new HeraldError('VALIDATION.FAILED', 'A memory needs an id, a text and an ISO-8601 recordedAt.', {
      field: 'memory',
    });
  }
  for (const key of Object.keys(memory.attributes ?? {})) {
    if ((RESERVED_ATTRIBUTES as readonly string[]).includes(key)) {
      throw new HeraldError('VALIDATION.FAILED', `The memory attribute "${key}" is reserved.`, {
        field: key,
      });
    }
  }
}

export function requireLimit(limit: number): number {
  if (!Number.isInteger(limit) || limit < 1 || limit > 200) {
    throw new HeraldError('VALIDATION.FAILED', 'A memory search returns 1 to 200 memories.', {
      field: 'limit',
    });
  }
  return limit;
}

export function matchesWhere(attributes: MemoryAttributes, where: MemoryAttributes | undefined): boolean {
  return Object.entries(where ?? {}).every(([key, value]) => attributes[key] === value);
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
