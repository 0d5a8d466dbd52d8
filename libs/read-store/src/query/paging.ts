import { unsupported } from './filter-matcher';
import { decodeCursor, encodeCursor, keysetFilter, MAX_PAGE_SIZE } from './cursor';
import type { JsonObject } from './json-value';
import { normalizeSort, toMongoSort, type SortKey } from './sort';

export interface PageQuery {
  filter: JsonObject;
  sort: Record<string, 1 | -1>;
  /** One more than the page size, to learn whether another page follows. */
  fetch: number;
  keys: SortKey[];
  pageSize: number;
}

/** Shared by both adapters so cursors are interchangeable and pages identical. */
export function planPage(
  filter: unknown,
  sort: unknown,
  limit: unknown,
  after: string | null | undefined,
): PageQuery {
  if (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw unsupported('limit', `findPage limit must be an integer from 1 to ${MAX_PAGE_SIZE}`);
  }
  const keys = normalizeSort(sort, true);
  const base = (filter ?? {}) as JsonObject;
  let effective = base;
  if (after) {
    const keyset = keysetFilter(keys, decodeCursor(keys, after));
    effective = Object.keys(base).length === 0 ? keyset : { $and: [base, keyset] };
  }
  return { filter: effective, sort: toMongoSort(keys), fetch: limit + 1, keys, pageSize: limit };
}

export function finishPage<T extends JsonObject>(
  plan: PageQuery,
  fetched: T[],
): { items: T[]; nextCursor: string | null } {
  const items = fetched.slice(0, plan.pageSize);
  const more = fetched.length > plan.pageSize;
  return { items, nextCursor: more ? encodeCursor(plan.keys, items[items.length - 1]) : null };
}

export function checkSkipLimit(skip: unknown, limit: unknown): { skip: number; limit: number } {
  if (skip !== undefined && (typeof skip !== 'number' || !Number.isInteger(skip) || skip < 0)) {
    throw unsupported('skip', 'skip must be a non-negative integer');
  }
  if (limit !== undefined && (typeof limit !== 'number' || !Number.isInteger(limit) || limit < 0)) {
    throw unsupported('limit', 'limit must be a non-negative integer (0 means no limit)');
  }
  return { skip: skip ?? 0, limit: limit === undefined || limit === 0 ? Infinity : limit };
}
