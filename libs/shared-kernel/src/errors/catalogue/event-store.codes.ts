import { defineCodes } from './catalogue-entry';

export const EVENT_STORE_CODES = defineCodes({
  'CONCURRENCY.CONFLICT': {
    httpStatus: 409,
    message: 'The resource was changed by someone else at the same time; reload it and try again.',
  },
  'EVENT_STORE.EVENT_ID_REUSED': {
    httpStatus: 409,
    message: 'An event id of this append is already stored in another stream, or appears twice in the append.',
  },
  'EVENT_STORE.RETRY_MISMATCH': {
    httpStatus: 409,
    message: 'Some events of this append are already stored, but the append is not an exact retry of the earlier one.',
  },
  'EVENT_STORE.CORRUPT_EVENT': {
    httpStatus: 500,
    message: 'A stored event cannot be read (malformed or undecryptable); the stream needs an operator.',
  },
  'EVENT_STORE.UPCAST_FAILED': {
    httpStatus: 500,
    message: 'A stored event could not be brought to the current schema version.',
  },
  'EVENT_STORE.UNSUPPORTED_SCHEMA_VERSION': {
    httpStatus: 500,
    message: 'A stored event has a schema version newer than this reader knows; deploy the newer code.',
  },
  'EVENT_STORE.UNAVAILABLE': {
    httpStatus: 503,
    message: 'The event store could not complete the write; nothing was stored. Retry later.',
  },
  'EVENT_STORE.CLOSED': {
    httpStatus: 503,
    message: 'The event store is closed.',
  },
  'PRIVACY.SUBJECT_ERASED': {
    httpStatus: 410,
    message: 'This person\'s data was erased; no new personal data can be stored for them.',
  },
  'PRIVACY.DECRYPTION_FAILED': {
    httpStatus: 500,
    message: 'A personal-data field could not be decrypted (altered, moved or encrypted with another key).',
  },
  'PRIVACY.MASTER_KEY_MISMATCH': {
    httpStatus: 500,
    message: 'The key vault cannot be opened with the configured HERALD_MASTER_KEY.',
  },
  'EVENT_STORE.OUTCOME_UNKNOWN': {
    httpStatus: 503,
    message: 'The event store did not confirm the write in time; it may or may not be stored. Retry with the same request.',
  },
  'EVENT_STORE.SERVER_UNREACHABLE': {
    httpStatus: 503,
    message: 'The event store server cannot be reached. Retry later.',
  },
});
