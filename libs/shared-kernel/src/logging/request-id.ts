import type { IncomingMessage, ServerResponse } from 'node:http';
import { uuidV7Generator, type IdGenerator } from '../ids/ids';

export const REQUEST_ID_HEADER = 'x-request-id';

/**
 * Keeps a caller's request id (a gateway or a front end tracing one action across calls) when
 * it is a plain token; anything else is replaced, since it lands verbatim in logs and event
 * metadata and must not be able to forge log lines or carry personal data at length.
 */
export function requestIdFrom(header: unknown, ids: IdGenerator = uuidV7Generator): string {
  const value = Array.isArray(header) ? header[0] : header;
  return typeof value === 'string' && /^[A-Za-z0-9._:-]{1,128}$/.test(value) ? value : ids.next();
}

/** pino-http `genReqId`: the id is echoed in the response so a client can quote it in a report. */
export function assignRequestId(request: IncomingMessage, response: ServerResponse): string {
  const id = requestIdFrom(request.headers[REQUEST_ID_HEADER]);
  response.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
