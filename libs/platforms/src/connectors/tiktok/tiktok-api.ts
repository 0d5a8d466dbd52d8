import type { Clock } from '@herald/shared-kernel';
import type { JsonReader } from '../../http/json-reader';
import type { PlatformHttpClient, PlatformRequest, QueryValue } from '../../http/platform-http-client';
import { readTikTokError, tiktokError } from './tiktok-errors';

/**
 * Calls to `open.tiktokapis.com`. Answers are `{ data, error }`; an `error.code` other than `ok`
 * is a failure even under HTTP 200, so every answer's envelope is checked before `data` is read.
 */
export class TikTokApi {
  constructor(
    readonly http: PlatformHttpClient,
    private readonly apiBaseUrl: string,
    private readonly clock: Clock,
  ) {}

  async call<T>(
    accessToken: string,
    method: 'GET' | 'POST',
    path: string,
    parse: (data: JsonReader) => T,
    options: {
      query?: Record<string, QueryValue>;
      body?: unknown;
      write?: boolean;
      int64Fields?: readonly string[];
    } = {},
  ): Promise<T> {
    const request: PlatformRequest = {
      method,
      url: `${this.apiBaseUrl}${path}`,
      query: options.query,
      headers: { authorization: `Bearer ${accessToken}` },
      body: options.body === undefined ? undefined : { kind: 'json', value: options.body },
      write: options.write,
    };
    const response = await this.http.send(request);
    const text = quoteIntegers(response.text, options.int64Fields ?? []);
    return this.http.parse({ ...response, text }, request, (body) => {
      const error = readTikTokError(body);
      if (error !== null) throw tiktokError(error, response.status, response.headers, this.clock.now());
      return parse(body.at('data'));
    });
  }
}

/**
 * Some ids are 64-bit integers sent as bare JSON numbers (`publicaly_available_post_id: [7441…]`),
 * which `JSON.parse` would round. The named fields' integers are quoted in the text before parsing.
 */
export function quoteIntegers(text: string, fields: readonly string[]): string {
  let out = text;
  for (const field of fields) {
    const pattern = new RegExp(`("${field}"\\s*:\\s*)(\\[[^\\]]*\\]|-?\\d+)`, 'g');
    out = out.replace(
      pattern,
      (_, key: string, value: string) =>
        key + value.replace(/"[^"]*"|-?\d+/g, (token) => (token.startsWith('"') ? token : `"${token}"`)),
    );
  }
  return out;
}
