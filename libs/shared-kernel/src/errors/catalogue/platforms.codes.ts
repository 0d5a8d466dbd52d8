import { defineCodes } from './catalogue-entry';

/** Errors of the platform connectors (libs/platforms) and of the OAuth connection flow. */
export const PLATFORMS_CODES = defineCodes({
  'PLATFORM.NEEDS_REFRESH': {
    httpStatus: 409,
    message: "The platform refused the account's access token as expired; refresh the token and retry.",
  },
  'PLATFORM.NEEDS_RECONNECT': {
    httpStatus: 409,
    message: 'The platform revoked or no longer accepts this connection; reconnect the account.',
  },
  'PLATFORM.REJECTED': {
    httpStatus: 422,
    message: 'The platform refused the request; retrying the same request will not help.',
  },
  'PLATFORM.RATE_LIMITED': {
    httpStatus: 429,
    message: 'The platform is rate limiting this account or app; retry after the time it gave.',
  },
  'PLATFORM.TRANSIENT': {
    httpStatus: 502,
    message: 'The platform failed or did not answer in time; retry later.',
  },
  'PLATFORM.UNAVAILABLE': {
    httpStatus: 503,
    message: 'This platform is not configured on this Herald installation (no app credentials).',
  },
  'PLATFORM.NOT_SUPPORTED': {
    httpStatus: 400,
    message: 'This platform does not support the requested operation.',
  },
  'PLATFORM.OAUTH_STATE_INVALID': {
    httpStatus: 400,
    message: 'The authorization state is unknown or was already used; start the connection again.',
  },
  'PLATFORM.OAUTH_STATE_EXPIRED': {
    httpStatus: 400,
    message: 'The authorization took too long and its state expired; start the connection again.',
  },
  'PLATFORM.OAUTH_STATE_MISMATCH': {
    httpStatus: 403,
    message:
      'The authorization was started by another user, organization or platform; start it again yourself.',
  },
  'PLATFORM.OAUTH_DENIED': {
    httpStatus: 400,
    message: 'The authorization was declined on the platform; nothing was connected.',
  },
  'PLATFORM.INVALID_WEBHOOK_TARGET': {
    httpStatus: 400,
    message:
      'The webhook target is invalid: it needs an https URL (http only for local addresses) and a known kind.',
  },
});
