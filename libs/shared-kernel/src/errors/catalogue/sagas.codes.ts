import { defineCodes } from './catalogue-entry';

export const SAGAS_CODES = defineCodes({
  'SAGA.CIRCUIT_OPEN': {
    httpStatus: 503,
    message:
      'Calls to this platform are paused after repeated failures (circuit breaker open); they resume on their own after a short pause.',
  },
  'SAGA.CREDENTIALS_UNAVAILABLE': {
    httpStatus: 409,
    message:
      'The social account has no usable credentials (disconnected, expired, or its tokens were erased); reconnect the account.',
  },
  'SAGA.INVALID_EVENT': {
    httpStatus: 500,
    message:
      'A saga received an event it cannot read (not a Herald CloudEvent, or an unexpected stream); it goes to the dead-letter topic.',
  },
});
