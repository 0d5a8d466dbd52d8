import { HeraldError } from '@herald/shared-kernel';

export const MAX_INPUT_BYTES = 32 * 1024;
export const MAX_COMMENT_LENGTH = 2000;
const MAX_LABEL_LENGTH = 200;

/** Inputs are JSON objects the agent graph reads; the size bound keeps prompts and events sane. */
export function validInput(input: unknown): Readonly<Record<string, unknown>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    throw new HeraldError(
      'AGENT_TASK.INPUT_INVALID',
      'The task input must be an object of named parameters.',
      {
        field: 'input',
      },
    );
  }
  const json = JSON.stringify(input);
  if (Buffer.byteLength(json, 'utf8') > MAX_INPUT_BYTES) {
    throw new HeraldError(
      'AGENT_TASK.INPUT_INVALID',
      `The task input must stay under ${MAX_INPUT_BYTES / 1024} KiB.`,
      {
        field: 'input',
        maxBytes: MAX_INPUT_BYTES,
      },
    );
  }
  return JSON.parse(json) as Record<string, unknown>;
}

export function validLabel(value: string, field: string): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_LABEL_LENGTH) {
    throw new HeraldError('VALIDATION.FAILED', `${field} needs 1 to ${MAX_LABEL_LENGTH} characters.`, {
      field,
    });
  }
  return trimmed;
}

export function validUsage(usage: {
  tokensIn: number;
  tokensOut: number;
  costUsdMicros: number;
  durationMs?: number;
}): void {
  for (const [field, value] of Object.entries(usage)) {
    if (value !== undefined && (!Number.isSafeInteger(value) || value < 0)) {
      throw new HeraldError('AGENT_TASK.USAGE_INVALID', `${field} must be a whole number of at least 0.`, {
        field,
      });
    }
  }
}

export function validFeedback(rating: number, comment: string | null): string | null {
  if (!Number.isInteger(rating) || rating < 1 || rating > 5) {
    throw new HeraldError('AGENT_TASK.FEEDBACK_INVALID', 'Rate the result from 1 to 5 stars.', {
      field: 'rating',
    });
  }
  if (comment === null) return null;
  const trimmed = comment.trim();
  if (trimmed.length > MAX_COMMENT_LENGTH) {
    throw new HeraldError(
      'AGENT_TASK.FEEDBACK_INVALID',
      `Keep the comment under ${MAX_COMMENT_LENGTH} characters.`,
      {
        field: 'comment',
      },
    );
  }
  return trimmed.length === 0 ? null : trimmed;
}
