import { defineCodes } from './catalogue-entry';

export const ACCOUNTS_CODES = defineCodes({
  'ACCOUNT.FORBIDDEN': {
    httpStatus: 403,
    message: 'Your role does not allow this action on social accounts; ask an admin or a manager.',
  },
  'ACCOUNT.ALREADY_CONNECTED': {
    httpStatus: 409,
    message: 'This social account is already connected.',
  },
  'ACCOUNT.DISCONNECTED': {
    httpStatus: 409,
    message: 'This social account was disconnected; connect it again as a new account before using it.',
  },
  'ACCOUNT.EXTERNAL_ID_MISMATCH': {
    httpStatus: 409,
    message: 'You signed in to the platform as a different account than the one being reconnected.',
  },
  'ACCOUNT.PLAN_LIMIT_REACHED': {
    httpStatus: 403,
    message: "The plan's limit on connected social accounts is reached; disconnect one or upgrade the plan.",
  },
  'ACCOUNT.TOKEN_EXPIRED': {
    httpStatus: 409,
    message: "The account's credentials have expired; refresh or reconnect it.",
  },
  'ACCOUNT.NOTHING_TO_CONNECT': {
    httpStatus: 422,
    message: 'The platform granted access to no account Herald can publish to.',
  },
});
