import { defineCodes } from './catalogue-entry';

export const COORDINATION_CODES = defineCodes({
  'RATE_LIMIT.EXCEEDED': {
    httpStatus: 429,
    message: 'Too many requests; wait until the time in retryAfterMs has passed, then try again.',
  },
  'COORDINATION.UNAVAILABLE': {
    httpStatus: 503,
    message: 'The coordination service (Redis) cannot be reached; try again shortly.',
  },
  'COORDINATION.LEASE_LOST': {
    httpStatus: 409,
    message: 'The lease on this resource expired or passed to another owner; the work was stopped.',
  },
  'COORDINATION.INVALID_ARGUMENT': {
    httpStatus: 500,
    message: 'A lock, rate limit, cache or pub/sub call was given an invalid name, duration or value.',
  },
});
