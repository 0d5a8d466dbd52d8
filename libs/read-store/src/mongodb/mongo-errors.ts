import { HeraldError, isHeraldError } from '@herald/shared-kernel';

/** MongoDB server error codes the adapter translates (src/mongo/base/error_codes.yml). */
export const MONGO_CODES = {
  internalError: 1,
  badValue: 2,
  typeMismatch: 14,
  namespaceNotFound: 26,
  indexNotFound: 27,
  pathNotViable: 28,
  conflictingUpdateOperators: 40,
  namespaceExists: 48,
  immutableField: 66,
  indexOptionsConflict: 85,
  indexKeySpecsConflict: 86,
  notImplemented: 238,
  duplicateKey: 11000,
  duplicateKeyLegacy: 11001,
} as const;

export function serverCode(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, writeErrors } = error as { code?: unknown; writeErrors?: unknown };
  if (Array.isArray(writeErrors) && writeErrors.length > 0) {
    const first: unknown = writeErrors[0];
    const nested =
      typeof first === 'object' && first !== null ? (first as { code?: unknown }).code : undefined;
    if (typeof nested === 'number') return nested;
  }
  return typeof code === 'number' ? code : undefined;
}

/**
 * FerretDB 1.24 (SQLite backend) answers a unique violation from an update or an index build
 * with InternalError (1) and SQLite's "UNIQUE constraint failed" text instead of E11000.
 */
export function isDuplicateKey(error: unknown): boolean {
  const code = serverCode(error);
  if (code === MONGO_CODES.duplicateKey || code === MONGO_CODES.duplicateKeyLegacy) return true;
  return (
    code === MONGO_CODES.internalError &&
    error instanceof Error &&
    error.message.includes('UNIQUE constraint failed')
  );
}

const UNAVAILABLE = new Set([
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoServerSelectionError',
  'MongoTopologyClosedError',
  'MongoNotConnectedError',
  'MongoServerClosedError',
]);

/** Translates driver and server errors into catalogue codes; unknown errors pass through. */
export function mapMongoError(error: unknown, collection: string): unknown {
  if (isHeraldError(error)) return error;
  const name = error instanceof Error ? error.name : '';
  const message = error instanceof Error ? error.message : String(error);
  if (UNAVAILABLE.has(name)) {
    return new HeraldError(
      'READ_STORE.UNAVAILABLE',
      undefined,
      { collection, reason: message },
      { cause: error },
    );
  }
  if (isDuplicateKey(error)) {
    const index = /index: '?([^\s']+)/.exec(message)?.[1] ?? null;
    return new HeraldError(
      'READ_STORE.DUPLICATE_KEY',
      `Duplicate key in ${collection}${index ? ` on index ${index}` : ''}`,
      { collection, index },
      { cause: error },
    );
  }
  const code = serverCode(error);
  switch (code) {
    case MONGO_CODES.badValue:
    case MONGO_CODES.typeMismatch:
    case MONGO_CODES.pathNotViable:
    case MONGO_CODES.conflictingUpdateOperators:
    case MONGO_CODES.immutableField:
      return new HeraldError(
        'READ_STORE.INVALID_UPDATE',
        message,
        { collection, serverCode: code },
        { cause: error },
      );
    case MONGO_CODES.notImplemented:
      return new HeraldError(
        'READ_STORE.UNSUPPORTED_QUERY',
        message,
        { collection, operator: 'server' },
        { cause: error },
      );
    case MONGO_CODES.namespaceNotFound:
      return new HeraldError(
        'READ_STORE.COLLECTION_NOT_FOUND',
        message,
        { name: collection },
        { cause: error },
      );
    case MONGO_CODES.namespaceExists:
      return new HeraldError('READ_STORE.COLLECTION_EXISTS', message, { name: collection }, { cause: error });
    case MONGO_CODES.indexOptionsConflict:
    case MONGO_CODES.indexKeySpecsConflict:
      return new HeraldError('READ_STORE.INVALID_NAME', message, { collection }, { cause: error });
    default:
      return error;
  }
}
