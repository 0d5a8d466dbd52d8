import { HeraldError } from '@herald/shared-kernel';

/**
 * Names valid on MongoDB, FerretDB and as catalogue rows: letters, digits, `_ - .`, at most
 * 120 characters, not MongoDB's reserved `system.` prefix.
 */
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/;

export function assertName(name: string, what: 'collection' | 'index'): void {
  if (typeof name !== 'string' || !NAME.test(name) || name.startsWith('system.')) {
    throw new HeraldError(
      'READ_STORE.INVALID_NAME',
      `"${String(name)}" is not a valid ${what} name (A-Z a-z 0-9 _ - ., up to 120)`,
      {
        name: String(name),
      },
    );
  }
}
