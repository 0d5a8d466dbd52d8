import { isSocialPlatform, SOCIAL_PLATFORMS, type SocialPlatform } from '@herald/accounts';
import { HeraldError } from '@herald/shared-kernel';

type Input = Readonly<Record<string, unknown>>;

export const inputInvalid = (field: string, message: string) =>
  new HeraldError('AI.INPUT_INVALID', message, { field });

export function text(input: Input, field: string, max: number): string {
  const value = input[field];
  if (typeof value !== 'string' || value.trim() === '' || value.length > max) {
    throw inputInvalid(field, `${field} needs 1 to ${max} characters.`);
  }
  return value.trim();
}

export function optionalText(input: Input, field: string, max: number): string | null {
  return input[field] === undefined || input[field] === null ? null : text(input, field, max);
}

export function wholeNumber(input: Input, field: string, fallback: number, min: number, max: number): number {
  const value = input[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw inputInvalid(field, `${field} must be a whole number from ${min} to ${max}.`);
  }
  return value;
}

export function bool(input: Input, field: string, fallback: boolean): boolean {
  const value = input[field];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'boolean') throw inputInvalid(field, `${field} must be true or false.`);
  return value;
}

export function platforms(
  input: Input,
  field = 'platforms',
  options: { required: boolean } = { required: true },
): SocialPlatform[] {
  const value = input[field];
  if ((value === undefined || value === null) && !options.required) return [];
  if (!Array.isArray(value) || value.length === 0 || !value.every(isSocialPlatform)) {
    throw inputInvalid(field, `${field} must list platforms among ${SOCIAL_PLATFORMS.join(', ')}.`);
  }
  return [...new Set(value)];
}

export function optionalPlatform(input: Input, field = 'platform'): SocialPlatform | null {
  const value = input[field];
  if (value === undefined || value === null) return null;
  if (!isSocialPlatform(value))
    throw inputInvalid(field, `${field} must be one of ${SOCIAL_PLATFORMS.join(', ')}.`);
  return value;
}

export function list<T>(
  input: Input,
  field: string,
  max: number,
  item: (value: unknown, index: number) => T,
): T[] {
  const value = input[field];
  if (!Array.isArray(value) || value.length === 0 || value.length > max) {
    throw inputInvalid(field, `${field} must list 1 to ${max} entries.`);
  }
  return value.map(item);
}

export function record(value: unknown, field: string): Input {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw inputInvalid(field, `${field} must be an object.`);
  return value as Input;
}

export function isoDate(input: Input, field: string): string {
  const value = text(input, field, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`))) {
    throw inputInvalid(field, `${field} must be a date as YYYY-MM-DD.`);
  }
  return value;
}
