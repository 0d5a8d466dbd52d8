import { HeraldError } from '@herald/shared-kernel';

/** How a failed model call is treated: retried (after `retryAfterMs` when the endpoint said so) or not. */
export interface ClassifiedFailure {
  readonly error: HeraldError;
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;
}

const statusOf = (error: unknown): number | null => {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
};

function headerOf(error: unknown, name: string): string | null {
  const headers = (error as { headers?: unknown } | null)?.headers;
  if (headers === null || typeof headers !== 'object') return null;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name);
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : null;
}

/** `retry-after` is seconds or an HTTP date; `retry-after-ms` is OpenAI's finer variant. */
export function retryAfterMs(error: unknown, now: Date): number | null {
  const ms = headerOf(error, 'retry-after-ms');
  if (ms !== null && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headerOf(error, 'retry-after');
  if (value === null) return null;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Math.round(Number(value) * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/**
 * Maps what the OpenAI SDK (through LangChain) throws to Herald's codes. The timeout is decided
 * by the caller's own deadline signal, not by the SDK's error class: the SDK reports an aborted
 * socket as a generic connection error.
 */
export function classifyModelFailure(
  error: unknown,
  timedOut: boolean,
  now: Date,
  timeoutMs: number,
): ClassifiedFailure {
  if (timedOut) {
    return {
      error: new HeraldError(
        'AI.TIMEOUT',
        `The model did not answer within ${timeoutMs} ms.`,
        { timeoutMs },
        { cause: error },
      ),
      retryable: true,
      retryAfterMs: null,
    };
  }
  const status = statusOf(error);
  if (status === 429) {
    const wait = retryAfterMs(error, now);
    return {
      error: new HeraldError(
        'AI.RATE_LIMITED',
        'The model endpoint is rate limiting the requests.',
        { status, retryAfterMs: wait },
        { cause: error },
      ),
      retryable: true,
      retryAfterMs: wait,
    };
  }
  if (status !== null && (status >= 500 || status === 408 || status === 409)) {
    return {
      error: new HeraldError(
        'AI.PROVIDER_ERROR',
        `The model endpoint answered ${status}.`,
        { status },
        { cause: error },
      ),
      retryable: true,
      retryAfterMs: retryAfterMs(error, now),
    };
  }
  if (status !== null) {
    return {
      error: new HeraldError(
        'AI.PROVIDER_REJECTED',
        `The model endpoint refused the request (${status}).`,
        { status },
        { cause: error },
      ),
      retryable: false,
      retryAfterMs: null,
    };
  }
  if (isUnreadableBody(error)) {
    return {
      error: new HeraldError(
        'AI.INVALID_RESPONSE',
        'The model endpoint sent a body that is not valid JSON.',
        {},
        { cause: error },
      ),
      retryable: true,
      retryAfterMs: null,
    };
  }
  return {
    error: new HeraldError(
      'AI.PROVIDER_ERROR',
      'The model endpoint could not be reached.',
      { status: null },
      { cause: error },
    ),
    retryable: true,
    retryAfterMs: null,
  };
}

/** LangChain rethrows the SDK's JSON.parse failure as a plain Error whose message names it. */
function isUnreadableBody(error: unknown): boolean {
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 5;
    current = current.cause, depth++
  ) {
    if (current instanceof SyntaxError) return true;
    if (/SyntaxError|Unexpected end of JSON|Unexpected token|is not valid JSON/.test(current.message))
      return true;
  }
  return false;
}
