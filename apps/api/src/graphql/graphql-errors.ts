import { HttpException } from '@nestjs/common';
import type { ValidationError } from 'class-validator';
import { GraphQLError } from 'graphql';
import { ERROR_CATALOGUE, HeraldError, isHeraldError, type ErrorCode } from '@herald/shared-kernel';

/** What a client finds in `errors[].extensions` for every error Herald raises. */
export interface HeraldErrorExtensions {
  readonly code: ErrorCode;
  readonly httpStatus: number;
  readonly details: Record<string, unknown>;
  readonly requestId: string;
}

/** Marks errors this module produced, so `formatError` passes them through (minus the mark). */
const HERALD_ERROR_MARK = 'heraldFormatted';
const MAX_DETAIL_DEPTH = 4;
const MAX_DETAIL_STRING = 500;
const MAX_DETAIL_ITEMS = 50;
/** Details must never carry secrets or personal data; these keys are dropped even if a caller slips. */
const SECRET_KEY = /pass(word)?|secret|token|authorization|cookie|email|hash|key$/i;

export interface UnexpectedErrorLog {
  error(message: string, context: Record<string, unknown>): void;
}

/**
 * The one translation from what lies below the API (HeraldError, class-validator failures, Nest
 * exceptions, anything else) to a GraphQL error. Unknown errors become INTERNAL with their
 * message hidden: it may quote SQL, file paths or data. They are logged with the request id,
 * which the client also gets, so support can find the line.
 */
export function toGraphQLError(error: unknown, requestId: string, log: UnexpectedErrorLog): GraphQLError {
  if (error instanceof GraphQLError) return error;
  const herald = asHeraldError(error);
  if (herald !== null) return fromHeraldError(herald, requestId);
  log.error('unexpected error while resolving a GraphQL operation', {
    requestId,
    err: error instanceof Error ? error : String(error),
  });
  return fromHeraldError(new HeraldError('INTERNAL', ERROR_CATALOGUE.INTERNAL.message), requestId);
}

export function fromHeraldError(error: HeraldError, requestId: string): GraphQLError {
  return new GraphQLError(error.message, {
    extensions: {
      code: error.code,
      httpStatus: error.httpStatus,
      details: sanitizeDetails(error.details),
      requestId,
      [HERALD_ERROR_MARK]: true,
    },
  });
}

export function isHeraldFormatted(extensions: Readonly<Record<string, unknown>> | undefined): boolean {
  return extensions?.[HERALD_ERROR_MARK] === true;
}

export const withoutMark = (extensions: Readonly<Record<string, unknown>>): Record<string, unknown> => {
  const { [HERALD_ERROR_MARK]: _mark, ...rest } = extensions;
  return rest;
};

/** HeraldErrors as such; Nest's own exceptions (a guard's 403, a pipe's 400) by their status. */
function asHeraldError(error: unknown): HeraldError | null {
  if (isHeraldError(error)) return error;
  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status === 401) return new HeraldError('AUTH.UNAUTHENTICATED', undefined, { reason: 'missing' });
    if (status === 403) return new HeraldError('AUTH.FORBIDDEN');
    if (status === 404) return new HeraldError('NOT_FOUND');
    if (status === 400) return new HeraldError('VALIDATION.FAILED', 'The input is invalid.');
  }
  return null;
}

/** class-validator's tree flattened to one actionable message per field (`input.email`). */
export function validationFailure(errors: readonly ValidationError[]): HeraldError {
  const fields = flatten(errors, '');
  const message =
    fields.length === 0
      ? 'The input is invalid.'
      : `The input is invalid: ${fields.map((field) => `${field.field}: ${field.messages.join('; ')}`).join('. ')}.`;
  return new HeraldError('VALIDATION.FAILED', message, {
    field: fields[0]?.field ?? null,
    fields,
  });
}

interface FieldProblem {
  readonly field: string;
  readonly messages: readonly string[];
}

function flatten(errors: readonly ValidationError[], prefix: string): FieldProblem[] {
  return errors.flatMap((error) => {
    const field = prefix === '' ? error.property : `${prefix}.${error.property}`;
    const own = Object.values(error.constraints ?? {});
    const nested = flatten(error.children ?? [], field);
    return own.length > 0 ? [{ field, messages: own }, ...nested] : nested;
  });
}

/** JSON-safe, bounded, and without keys that look like secrets or personal data. */
export function sanitizeDetails(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const clean = sanitize(details, 0);
  return typeof clean === 'object' && clean !== null && !Array.isArray(clean)
    ? (clean as Record<string, unknown>)
    : {};
}

function sanitize(value: unknown, depth: number): unknown {
  if (value === null || typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string')
    return value.length > MAX_DETAIL_STRING ? `${value.slice(0, MAX_DETAIL_STRING)}…` : value;
  if (depth >= MAX_DETAIL_DEPTH) return undefined;
  if (Array.isArray(value)) {
    return value
      .slice(0, MAX_DETAIL_ITEMS)
      .map((item) => sanitize(item, depth + 1))
      .filter((item) => item !== undefined);
  }
  if (typeof value === 'object' && value.constructor === Object) {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value).slice(0, MAX_DETAIL_ITEMS)) {
      if (SECRET_KEY.test(key)) continue;
      const clean = sanitize(item, depth + 1);
      if (clean !== undefined) result[key] = clean;
    }
    return result;
  }
  // Dates, errors, buffers, functions: nothing a client should see verbatim.
  return value instanceof Date ? value.toISOString() : undefined;
}
