import { ERROR_CATALOGUE, type ErrorCode } from './catalogue';

/**
 * The one error type below the API. `code` is a stable string from the catalogue
 * (docs/errors.md); the API layer maps it to GraphQL `extensions.code` and an HTTP status.
 * `details` carries machine-readable facts (the actual revision of a conflict, the field
 * that failed validation) and must never carry personal data.
 */
export class HeraldError extends Error {
  readonly code: ErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message?: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message ?? ERROR_CATALOGUE[code].message, options);
    this.name = 'HeraldError';
    this.code = code;
    this.details = details;
  }

  get httpStatus(): number {
    return ERROR_CATALOGUE[this.code].httpStatus;
  }
}

export function isHeraldError(error: unknown, code?: ErrorCode): error is HeraldError {
  return error instanceof HeraldError && (code === undefined || error.code === code);
}
