import { defineCodes } from './catalogue-entry';

export const PROJECTIONS_CODES = defineCodes({
  'PROJECTIONS.INVALID_DEFINITION': {
    httpStatus: 500,
    message: 'The projection definition is invalid (name, version, event types or collections).',
  },
  'PROJECTIONS.UNKNOWN_COLLECTION': {
    httpStatus: 500,
    message: 'The projection handler used a collection it does not declare.',
  },
  'PROJECTIONS.DUPLICATE_WRITE': {
    httpStatus: 500,
    message: 'The projection handler wrote the same document twice for one event; combine the updates.',
  },
  'PROJECTIONS.NOT_FOUND': {
    httpStatus: 404,
    message: 'No projection with that name has been started.',
  },
  'PROJECTIONS.NOT_READY': {
    httpStatus: 503,
    message: 'The projection has no live version yet; try again shortly.',
  },
  'PROJECTIONS.FAILED': {
    httpStatus: 503,
    message: 'The projection stopped at an event it could not handle; an operator must retry or skip it.',
  },
  'PROJECTIONS.NOT_FAILED': {
    httpStatus: 409,
    message: 'The projection is not stopped at a failed event, so there is nothing to retry or skip.',
  },
  'PROJECTIONS.SKIP_POSITION_MISMATCH': {
    httpStatus: 409,
    message: 'The position to skip is not the position of the event the projection failed at.',
  },
  'PROJECTIONS.REBUILD_IN_PROGRESS': {
    httpStatus: 409,
    message: 'A new version of the projection is already being built.',
  },
  'PROJECTIONS.VERSION_REGRESSION': {
    httpStatus: 500,
    message:
      'The running code defines an older projection version than the live one; it will not write to it.',
  },
  'PROJECTIONS.CATCH_UP_TIMEOUT': {
    httpStatus: 504,
    message: 'The projection did not catch up with the event log in time.',
  },
  'PROJECTIONS.INVALID_STATE': {
    httpStatus: 500,
    message: 'The stored projection state is malformed.',
  },
});
