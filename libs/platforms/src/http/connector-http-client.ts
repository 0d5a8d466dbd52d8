import type { SocialPlatform } from '@herald/accounts';
import type { Clock } from '@herald/shared-kernel';
import { PlatformHttpClient, type ErrorClassifier } from './platform-http-client';

/** The options every connector accepts for its API client. */
export interface ConnectorHttpOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/** A connector's API client: one platform, classified by that platform's own error bodies. */
export function connectorHttpClient(
  platform: SocialPlatform,
  classify: ErrorClassifier,
  options: ConnectorHttpOptions,
): PlatformHttpClient {
  return new PlatformHttpClient({
    platform,
    classify,
    clock: options.clock,
    timeoutMs: options.timeoutMs,
    fetch: options.fetch,
  });
}
