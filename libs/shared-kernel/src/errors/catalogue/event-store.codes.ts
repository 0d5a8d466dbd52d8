import { defineCodes } from './catalogue-entry';

export const EVENT_STORE_CODES = defineCodes({
  'CONCURRENCY.CONFLICT': {
    httpStatus: 409,
    message: 'The resource was changed by someone else at the same time; reload it and try again.',
  },
});
