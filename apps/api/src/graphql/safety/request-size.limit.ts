import type { ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ERROR_CATALOGUE } from '@herald/shared-kernel';
import { sanitizeDetails } from '../graphql-errors';

/** Large enough for any GraphQL document a client writes and a 50-post bulk schedule; media go elsewhere. */
export const MAX_REQUEST_BYTES = 100 * 1024;

interface BodyParserError {
  readonly type?: unknown;
  readonly status?: unknown;
  readonly limit?: unknown;
  readonly length?: unknown;
}

/**
 * Replaces Nest's default body parsers (same types, same 100 kB) so that a refused body answers
 * in JSON, in the GraphQL error shape, instead of Express's HTML page: 413 for too large (the
 * parser stops reading at the limit, chunked bodies included), 400 for malformed JSON. Call it
 * on an app created with `bodyParser: false`, before `init()`/`listen()`.
 */
export function installRequestSizeLimit(app: NestExpressApplication, maxBytes = MAX_REQUEST_BYTES): void {
  app.useBodyParser('json', { limit: maxBytes });
  app.useBodyParser('urlencoded', { limit: maxBytes, extended: true });
  // Four parameters: Express recognizes an error handler by its arity.
  app.use(bodyErrorHandler(maxBytes));
}

type BodyErrorHandler = (
  error: unknown,
  req: { readonly id?: unknown },
  res: ServerResponse,
  next: (error: unknown) => void,
) => void;

function bodyErrorHandler(maxBytes: number): BodyErrorHandler {
  return (error, req, res, next) => {
    const parserError = (typeof error === 'object' && error !== null ? error : {}) as BodyParserError;
    if (parserError.type === 'entity.too.large') {
      const code = 'AUTH.REQUEST_TOO_LARGE';
      send(
        res,
        errorBody(code, `The request body is larger than ${maxBytes} bytes; send less at once.`, req.id, {
          maxBytes,
          ...(typeof parserError.length === 'number' ? { length: parserError.length } : {}),
        }),
      );
      return;
    }
    if (parserError.type === 'entity.parse.failed') {
      send(res, errorBody('VALIDATION.FAILED', 'The request body is not valid JSON.', req.id, {}));
      return;
    }
    next(error);
  };
}

interface ErrorBody {
  readonly status: number;
  readonly errors: readonly Record<string, unknown>[];
}

function send(res: ServerResponse, body: ErrorBody): void {
  // A client that kept sending after the limit gets its answer; the connection closes after it.
  res.statusCode = body.status;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('connection', 'close');
  res.end(JSON.stringify({ errors: body.errors }));
}

function errorBody(
  code: 'AUTH.REQUEST_TOO_LARGE' | 'VALIDATION.FAILED',
  message: string,
  requestId: unknown,
  details: Record<string, unknown>,
): ErrorBody {
  return {
    status: ERROR_CATALOGUE[code].httpStatus,
    errors: [
      {
        message,
        extensions: {
          code,
          httpStatus: ERROR_CATALOGUE[code].httpStatus,
          details: sanitizeDetails(details),
          requestId: typeof requestId === 'string' ? requestId : 'unknown',
        },
      },
    ],
  };
}
