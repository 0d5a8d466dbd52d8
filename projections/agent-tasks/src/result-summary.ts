const SUMMARY_LENGTH = 280;

function shorten(text: string): string {
  const characters = Array.from(text.replace(/\s+/g, ' ').trim());
  return characters.length <= SUMMARY_LENGTH
    ? characters.join('')
    : `${characters.slice(0, SUMMARY_LENGTH - 1).join('')}…`;
}

const SUMMARY_FIELDS = ['summary', 'text', 'title', 'message'] as const;

/**
 * A line for task lists. Agents return free-form JSON; the usual shapes are a string or an
 * object with a `summary`/`text`/`title`/`message`, a draft (`draft.text`) or a list of items.
 * Anything else is shown as compact JSON, cut to length: the full result stays in the log.
 */
export function summarizeResult(result: unknown): string | null {
  if (result === null || result === undefined) return null;
  if (typeof result === 'string') return result.trim() === '' ? null : shorten(result);
  if (typeof result === 'number' || typeof result === 'boolean') return String(result);
  if (Array.isArray(result)) return `${result.length} item${result.length === 1 ? '' : 's'}`;
  if (typeof result === 'object') {
    const record = result as Record<string, unknown>;
    for (const field of SUMMARY_FIELDS) {
      const value = record[field];
      if (typeof value === 'string' && value.trim() !== '') return shorten(value);
    }
    const draft = record.draft;
    if (
      typeof draft === 'object' &&
      draft !== null &&
      typeof (draft as Record<string, unknown>).text === 'string'
    ) {
      return shorten((draft as Record<string, string>).text);
    }
  }
  return shorten(JSON.stringify(result));
}
