import { HeraldError } from '@herald/shared-kernel';

/**
 * Reads the JSON object a model was asked for. Models wrap it in prose or Markdown fences often
 * enough that the outermost braces are taken; anything else is AI.INVALID_RESPONSE.
 */
export function parseJsonObject(content: string): Record<string, unknown> {
  const start = content.indexOf('{');
  const end = content.lastIndexOf('}');
  if (start < 0 || end <= start) throw invalid('the answer holds no JSON object');
  let value: unknown;
  try {
    value = JSON.parse(content.slice(start, end + 1));
  } catch {
    throw invalid('the answer is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw invalid('the answer is not a JSON object');
  return value as Record<string, unknown>;
}

export const invalid = (reason: string, details: Record<string, unknown> = {}) =>
  new HeraldError('AI.INVALID_RESPONSE', `The model's answer was unusable: ${reason}.`, {
    reason,
    ...details,
  });

export function stringField(
  value: Record<string, unknown>,
  field: string,
  options: { optional?: boolean } = {},
): string {
  const found = value[field];
  if (typeof found === 'string' && found.trim() !== '') return found.trim();
  if (options.optional && (found === undefined || found === null || found === '')) return '';
  throw invalid(`"${field}" must be a non-empty string`, { field });
}

export function stringList(value: Record<string, unknown>, field: string, max = 30): string[] {
  const found = value[field];
  if (found === undefined || found === null) return [];
  if (!Array.isArray(found) || !found.every((item) => typeof item === 'string'))
    throw invalid(`"${field}" must be a list of strings`, { field });
  return (found as string[])
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .slice(0, max);
}

export function numberField(value: Record<string, unknown>, field: string, min: number, max: number): number {
  const found = value[field];
  if (typeof found !== 'number' || !Number.isFinite(found) || found < min || found > max) {
    throw invalid(`"${field}" must be a number from ${min} to ${max}`, { field });
  }
  return found;
}
