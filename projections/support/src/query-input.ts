import { HeraldError } from '@herald/shared-kernel';

/**
 * Checks shared by every projection's query functions. Queries are the read side's boundary:
 * the GraphQL layer validates too, but a query never trusts it for tenant scoping or bounds.
 */
export function requireOrganizationId(organizationId: unknown): string {
  if (typeof organizationId !== 'string' || organizationId.trim() === '') {
    throw new HeraldError('VALIDATION.FAILED', 'Every read-model query is scoped to one organization: organizationId is required.', { field: 'organizationId' });
  }
  return organizationId;
}

export function requireId(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new HeraldError('VALIDATION.FAILED', `${field} must be a non-empty string.`, { field });
  }
  return value;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export function pageLimit(limit: number | undefined, field = 'limit'): number {
  if (limit === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) {
    throw new HeraldError('VALIDATION.FAILED', `${field} must be a whole number from 1 to ${MAX_PAGE_SIZE}.`, { field, limit });
  }
  return limit;
}

/** One value or several, checked against the allowed ones; undefined when no filter was asked for. */
export function allowedValues<T extends string>(value: T | readonly T[] | undefined, allowed: readonly T[], field: string): T[] | undefined {
  if (value === undefined) return undefined;
  const values: readonly unknown[] = Array.isArray(value) ? value : [value];
  for (const each of values) {
    if (typeof each !== 'string' || !(allowed as readonly string[]).includes(each)) {
      throw new HeraldError('VALIDATION.FAILED', `${field} must be among ${allowed.join(', ')}; got "${String(each)}".`, { field });
    }
  }
  return [...(values as T[])];
}

/** Several ids (or one); undefined when no filter was asked for. */
export function idList(value: string | readonly string[] | undefined, field: string): string[] | undefined {
  if (value === undefined) return undefined;
  const values: readonly unknown[] = Array.isArray(value) ? value : [value];
  return values.map((each) => requireId(each, field));
}

export function requireInstant(value: unknown, field: string): string {
  const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(parsed)) {
    throw new HeraldError('VALIDATION.FAILED', `${field} must be an ISO-8601 instant.`, { field });
  }
  return new Date(parsed).toISOString();
}
