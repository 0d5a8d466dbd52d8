import type { JsonReader } from '../../http/json-reader';
import type { PlatformHttpClient, QueryValue } from '../../http/platform-http-client';
import { isPlatformError } from '../../platform-error';
import type { YouTubeMethod, YouTubeQuotaTracker } from './youtube-quota';

/** Data API reads, each charged to the quota before it is sent (Google charges refused calls too). */
export class YouTubeApi {
  constructor(
    private readonly http: PlatformHttpClient,
    private readonly apiBaseUrl: string,
    readonly quota: YouTubeQuotaTracker,
  ) {}

  async get<T>(
    accessToken: string,
    method: YouTubeMethod,
    resource: string,
    query: Record<string, QueryValue>,
    parse: (body: JsonReader) => T,
  ): Promise<T> {
    this.quota.reserve(method);
    return this.charged(method, () =>
      this.http.json(
        {
          method: 'GET',
          url: `${this.apiBaseUrl}/youtube/v3/${resource}`,
          query,
          headers: { authorization: `Bearer ${accessToken}` },
        },
        parse,
      ),
    );
  }

  /** Runs a call already reserved for `method`; a `quotaExceeded` answer marks its bucket spent. */
  async charged<T>(method: YouTubeMethod, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (
        isPlatformError(error, 'rate_limited') &&
        (error.platformCode === 'quotaExceeded' || error.platformCode === 'dailyLimitExceeded')
      )
        this.quota.exhaust(method);
      throw error;
    }
  }
}
