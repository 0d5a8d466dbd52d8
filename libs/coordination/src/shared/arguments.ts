import { HeraldError } from '@herald/shared-kernel';

// Names end up in Redis keys and channels; a cap keeps a caller's bug (a whole document used as a
// key) from filling memory, and control characters would make keys unreadable in redis-cli.
const MAX_NAME_LENGTH = 512;
// setTimeout and Redis PX both take 32-bit-safe values comfortably below this (about 24 days).
const MAX_DURATION_MS = 2_147_483_647;

function invalid(argument: string, reason: string): HeraldError {
  return new HeraldError('COORDINATION.INVALID_ARGUMENT', `${argument} ${reason}`, { argument });
}

export function assertName(argument: string, value: string): void {
  if (typeof value !== 'string' || value.length === 0) throw invalid(argument, 'must be a non-empty string');
  if (value.length > MAX_NAME_LENGTH)
    throw invalid(argument, `must be at most ${MAX_NAME_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(value)) throw invalid(argument, 'must not contain control characters');
}

export function assertDuration(argument: string, value: number): void {
  if (!Number.isInteger(value) || value <= 0 || value > MAX_DURATION_MS) {
    throw invalid(argument, `must be a whole number of milliseconds from 1 to ${MAX_DURATION_MS}`);
  }
}

export function assertPositiveInteger(argument: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    throw invalid(argument, 'must be a whole number of at least 1');
}

export function invalidArgument(argument: string, reason: string): HeraldError {
  return invalid(argument, reason);
}
