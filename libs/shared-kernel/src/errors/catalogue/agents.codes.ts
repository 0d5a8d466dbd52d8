import { defineCodes } from './catalogue-entry';

export const AGENTS_CODES = defineCodes({
  'AI.NOT_CONFIGURED': {
    httpStatus: 503,
    message:
      'No language model is configured (OPENAI_API_KEY / OPENAI_BASE_URL), so generative agents are unavailable; statistics still work.',
  },
  'AI.BUDGET_EXCEEDED': {
    httpStatus: 402,
    message: "The organization has used its plan's AI tokens for this month.",
  },
  'AI.RATE_LIMITED': {
    httpStatus: 429,
    message: 'The language model endpoint kept rate limiting the requests.',
  },
  'AI.PROVIDER_ERROR': {
    httpStatus: 502,
    message: 'The language model endpoint failed (server error or connection lost).',
  },
  'AI.PROVIDER_REJECTED': {
    httpStatus: 502,
    message: 'The language model endpoint refused the request (key, model name or request shape).',
  },
  'AI.INVALID_RESPONSE': {
    httpStatus: 502,
    message: 'The language model endpoint answered something Herald could not read.',
  },
  'AI.TIMEOUT': {
    httpStatus: 504,
    message: 'The agent did not finish in time.',
  },
  'AI.MAX_STEPS': {
    httpStatus: 422,
    message: 'The agent reached its maximum number of steps without an answer.',
  },
  'AI.CANCELLED': {
    httpStatus: 409,
    message: 'The agent task was cancelled while it ran.',
  },
  'AI.INPUT_INVALID': {
    httpStatus: 400,
    message: "The task input does not match the agent's parameters.",
  },
  'AI.MEMORY_UNAVAILABLE': {
    httpStatus: 503,
    message: 'The agent memory (Chroma) could not be reached.',
  },
  'AI.APPROVAL_NOT_PENDING': {
    httpStatus: 409,
    message: 'This workflow is not waiting for an approval.',
  },
});
