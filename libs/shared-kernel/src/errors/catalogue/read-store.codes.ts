import { defineCodes } from './catalogue-entry';

export const READ_STORE_CODES = defineCodes({
  'READ_STORE.DUPLICATE_KEY': {
    httpStatus: 409,
    message: 'A document with the same unique key already exists.',
  },
  'READ_STORE.UNSUPPORTED_QUERY': {
    httpStatus: 500,
    message: 'The query uses an operator or form outside the read store subset.',
  },
  'READ_STORE.INVALID_UPDATE': {
    httpStatus: 500,
    message: 'The update cannot be applied to the stored document.',
  },
  'READ_STORE.INVALID_DOCUMENT': {
    httpStatus: 500,
    message: 'The document cannot be stored: it must be a JSON object with a string _id.',
  },
  'READ_STORE.INVALID_NAME': {
    httpStatus: 500,
    message: 'The collection or index name is not allowed.',
  },
  'READ_STORE.INVALID_CURSOR': {
    httpStatus: 400,
    message: 'The page cursor is malformed or belongs to a different sort order; start again from the first page.',
  },
  'READ_STORE.COLLECTION_NOT_FOUND': {
    httpStatus: 500,
    message: 'The collection does not exist.',
  },
  'READ_STORE.COLLECTION_EXISTS': {
    httpStatus: 409,
    message: 'A collection with that name already exists.',
  },
  'READ_STORE.UNAVAILABLE': {
    httpStatus: 503,
    message: 'The read store cannot be reached; try again shortly.',
  },
});
