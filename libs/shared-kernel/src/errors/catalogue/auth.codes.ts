import { defineCodes } from './catalogue-entry';

/** The API's authentication and access edge: tokens, sessions, roles. */
export const AUTH_CODES = defineCodes({
  'AUTH.UNAUTHENTICATED': {
    httpStatus: 401,
    message: 'Sign in to do this: the access token is missing, invalid or expired.',
  },
  'AUTH.INVALID_CREDENTIALS': {
    httpStatus: 401,
    message: 'The email address or the password is wrong.',
  },
  'AUTH.REFRESH_TOKEN_INVALID': {
    httpStatus: 401,
    message: 'This refresh token is unknown, expired or revoked; sign in again.',
  },
  'AUTH.REFRESH_TOKEN_REUSED': {
    httpStatus: 401,
    message: 'This refresh token was already used; the session has been revoked for safety. Sign in again.',
  },
  'AUTH.FORBIDDEN': {
    httpStatus: 403,
    message: 'Your role in this organization does not allow this.',
  },
  'AUTH.ORGANIZATION_REQUIRED': {
    httpStatus: 403,
    message: 'Select an organization first (create one, accept an invitation or switch to one).',
  },
  'AUTH.TOKEN_INVALID': {
    httpStatus: 400,
    message: 'This link or challenge is unknown or was already used.',
  },
  'AUTH.TOKEN_EXPIRED': {
    httpStatus: 400,
    message: 'This link or challenge has expired; start again.',
  },
  'AUTH.MFA_CODE_INVALID': {
    httpStatus: 401,
    message: 'This two-factor code is wrong, expired or was already used.',
  },
  'AUTH.MFA_SETUP_REQUIRED': {
    httpStatus: 409,
    message: 'Start two-factor setup with enableTotp first; a setup expires after 15 minutes.',
  },
  'AUTH.SCOPE_MISSING': {
    httpStatus: 403,
    message: 'This API key has no scope for the operation.',
  },
  'AUTH.QUERY_TOO_COMPLEX': {
    httpStatus: 400,
    message: 'This query is nested too deeply or asks for too much at once; split it.',
  },
  'AUTH.REQUEST_TOO_LARGE': {
    httpStatus: 413,
    message: 'The request body is larger than the server accepts; send less at once.',
  },
});
