import type { RedirectCallback } from '@herald/platforms';

/** Platforms' values are short; anything longer is not theirs and is not worth reading. */
const MAX_VALUE_LENGTH = 2048;

/**
 * The callback's query as the platform sent it. A repeated or over-long parameter is treated as
 * absent: the state check then refuses the callback instead of guessing which copy is meant.
 */
export function parseCallbackQuery(query: unknown): Omit<RedirectCallback, 'platform'> {
  const record = typeof query === 'object' && query !== null ? (query as Record<string, unknown>) : {};
  const value = (name: string): string | null => {
    const raw = record[name];
    return typeof raw === 'string' && raw !== '' && raw.length <= MAX_VALUE_LENGTH ? raw : null;
  };
  return {
    state: value('state') ?? '',
    code: value('code'),
    error: value('error'),
    errorDescription: value('error_description'),
  };
}

/** The web app's URL with the outcome as query parameters (its own path and query kept). */
export function webAppRedirect(appBaseUrl: string, params: Readonly<Record<string, string>>): string {
  const url = new URL(appBaseUrl);
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  return url.toString();
}
