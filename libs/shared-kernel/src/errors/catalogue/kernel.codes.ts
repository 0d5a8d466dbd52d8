import { defineCodes } from './catalogue-entry';

export const KERNEL_CODES = defineCodes({
  'CONFIG.INVALID': { httpStatus: 500, message: 'The configuration is invalid.' },
  'VALIDATION.FAILED': { httpStatus: 400, message: 'The input is invalid.' },
  'NOT_FOUND': { httpStatus: 404, message: 'The requested resource does not exist.' },
  'INTERNAL': { httpStatus: 500, message: 'An unexpected error occurred; it has been logged.' },
  'COMMAND.IDEMPOTENCY_KEY_REUSED': {
    httpStatus: 422,
    message:
      'This idempotency key was already used for a different request; send a new key for a new request.',
  },
});
