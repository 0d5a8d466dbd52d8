import type { Options } from 'pino-http';
import type { HeraldConfig } from '../config/herald-config';
import { assignRequestId } from './request-id';

const SECRET_FIELDS = [
  'password',
  'currentPassword',
  'newPassword',
  'token',
  'accessToken',
  'refreshToken',
  'apiKey',
  'secret',
  'clientSecret',
  'totpCode',
];

/**
 * Credentials never reach a log line. Fields are redacted at the top level and two levels
 * down (a GraphQL `variables.input.password`); pino's paths have no recursive wildcard and
 * deeper ones cost on every line.
 */
export const REDACTED_LOG_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]),
];

export const REDACTED = '[redacted]';

export type LoggedProcess = 'api' | 'worker' | 'cli';

export function heraldPinoHttpOptions(
  config: Pick<HeraldConfig, 'logLevel' | 'mode'>,
  process: LoggedProcess,
): Options {
  return {
    level: config.logLevel,
    base: { service: `herald-${process}`, mode: config.mode },
    messageKey: 'msg',
    redact: { paths: [...REDACTED_LOG_PATHS], censor: REDACTED },
    genReqId: assignRequestId,
    // Lines logged while handling a request carry just its id; the completion line adds req/res.
    quietReqLogger: true,
    customAttributeKeys: { reqId: 'requestId' },
    // Probes hit health every few seconds; logging each would drown real traffic.
    autoLogging: { ignore: (request) => (request.url ?? '').startsWith('/health/') },
  };
}
