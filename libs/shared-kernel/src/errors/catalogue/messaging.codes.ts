import { defineCodes } from './catalogue-entry';

export const MESSAGING_CODES = defineCodes({
  'MESSAGING.INVALID_TOPIC': {
    httpStatus: 500,
    message: 'A topic name is empty, too long or uses characters outside A-Z a-z 0-9 . _ -.',
  },
  'MESSAGING.INVALID_MESSAGE': {
    httpStatus: 500,
    message: 'A message has no key, or its key, value or headers are not strings.',
  },
  'MESSAGING.UNAVAILABLE': {
    httpStatus: 503,
    message:
      'The message broker could not be reached or did not acknowledge the write; nothing counts as published. Retry later.',
  },
  'MESSAGING.CLOSED': {
    httpStatus: 503,
    message: 'The message bus is closed.',
  },
  'MESSAGING.HANDLER_FAILED': {
    httpStatus: 500,
    message:
      'A consumer handler failed on a message after every retry; the message is on the dead-letter topic with the error.',
  },
  'MESSAGING.DEAD_LETTER_FAILED': {
    httpStatus: 503,
    message:
      'A failed message could not be written to its dead-letter topic; it was not committed and will be redelivered.',
  },
  'MESSAGING.INVALID_CLOUD_EVENT': {
    httpStatus: 500,
    message: 'A message on a herald topic is not a valid CloudEvents 1.0 structured JSON event.',
  },
  'MESSAGING.UNMAPPED_CATEGORY': {
    httpStatus: 500,
    message:
      'The relay has no topic for this stream category; add it to the category map and docs/asyncapi.yaml.',
  },
  'MESSAGING.PLAINTEXT_PERSONAL_DATA': {
    httpStatus: 500,
    message:
      'An event about to leave for the broker carries a personal field in plaintext; the relay stopped instead of publishing it.',
  },
});
