import { HeraldError } from '@herald/shared-kernel';
import type { ReadAllOptions, ReadStreamOptions } from '../event-store.port';

const isCount = (value: unknown): boolean => typeof value === 'number' && Number.isInteger(value) && value >= 0;

function check(ok: boolean, field: string, message: string): void {
  if (!ok) throw new HeraldError('VALIDATION.FAILED', message, { field });
}

export function validateReadStream(options: ReadStreamOptions): void {
  check(options.direction === undefined || options.direction === 'forwards' || options.direction === 'backwards', 'direction', 'direction must be forwards or backwards');
  check(options.fromRevision === undefined || isCount(options.fromRevision), 'fromRevision', 'fromRevision must be an integer >= 0');
  check(options.toRevision === undefined || isCount(options.toRevision), 'toRevision', 'toRevision must be an integer >= 0');
  check(options.maxCount === undefined || (isCount(options.maxCount) && options.maxCount > 0), 'maxCount', 'maxCount must be an integer >= 1');
  check(options.asOf === undefined || (options.asOf instanceof Date && !Number.isNaN(options.asOf.getTime())), 'asOf', 'asOf must be a valid date');
}

export function validateReadAll(options: ReadAllOptions): void {
  check(options.afterPosition === undefined || isCount(options.afterPosition), 'afterPosition', 'afterPosition must be an integer >= 0');
  check(options.maxCount === undefined || (isCount(options.maxCount) && options.maxCount > 0), 'maxCount', 'maxCount must be an integer >= 1');
  const strings = (values: readonly unknown[] | undefined) => values === undefined || (Array.isArray(values) && values.every((value) => typeof value === 'string'));
  check(strings(options.filter?.categories), 'filter.categories', 'categories must be strings');
  check(strings(options.filter?.eventTypes), 'filter.eventTypes', 'eventTypes must be strings');
}
