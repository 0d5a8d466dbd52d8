import { PLATFORM_NAMES, SOCIAL_PLATFORMS, type SocialPlatform } from '@herald/accounts';
import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import { FacebookConnector } from '../connectors/facebook/facebook.connector';
import { InstagramConnector } from '../connectors/instagram/instagram.connector';
import { LinkedInConnector } from '../connectors/linkedin/linkedin.connector';
import { TikTokConnector } from '../connectors/tiktok/tiktok.connector';
import { YouTubeConnector } from '../connectors/youtube/youtube.connector';
import { WebhookConnector } from '../connectors/webhook/webhook.connector';
import { XConnector } from '../connectors/x/x.connector';
import type { ConnectorCapabilities, PlatformConnector } from '../connector.port';
import { MediaSource } from '../media/media-source';
import { PLATFORM_CREDENTIAL_VARIABLES, type PlatformsConfig } from './platforms-config';

export interface PlatformListing {
  readonly platform: SocialPlatform;
  readonly name: string;
  readonly available: boolean;
  /** Why an unavailable platform is unavailable, naming what to set; null when available. */
  readonly reason: string | null;
  readonly supportsOAuth: boolean;
  readonly capabilities: ConnectorCapabilities | null;
}

/**
 * Every platform Herald knows, whether or not this installation can use it. A platform without
 * credentials is listed as unavailable with the reason, never as an error: a fresh embedded
 * install offers webhooks only and says how to turn the others on.
 */
export class PlatformRegistry {
  constructor(
    private readonly connectors: ReadonlyMap<SocialPlatform, PlatformConnector>,
    private readonly reasons: ReadonlyMap<SocialPlatform, string>,
  ) {}

  list(): PlatformListing[] {
    return SOCIAL_PLATFORMS.map((platform) => {
      const connector = this.connectors.get(platform) ?? null;
      return {
        platform,
        name: PLATFORM_NAMES[platform],
        available: connector !== null,
        reason: connector === null ? (this.reasons.get(platform) ?? 'not configured') : null,
        supportsOAuth: connector?.oauth != null,
        capabilities: connector?.capabilities ?? null,
      };
    });
  }

  isAvailable(platform: SocialPlatform): boolean {
    return this.connectors.has(platform);
  }

  get(platform: SocialPlatform): PlatformConnector {
    const connector = this.connectors.get(platform);
    if (connector === undefined) {
      throw new HeraldError(
        'PLATFORM.UNAVAILABLE',
        `${PLATFORM_NAMES[platform]} is unavailable here: ${this.reasons.get(platform) ?? 'not configured'}.`,
        {
          platform,
        },
      );
    }
    return connector;
  }
}

export interface PlatformRegistryDependencies {
  readonly clock?: Clock;
  readonly fetch?: typeof fetch;
  /** Only for tests and local development: lets media URLs point at loopback or private hosts. */
  readonly allowPrivateMediaHosts?: boolean;
}

export function createPlatformRegistry(
  config: PlatformsConfig,
  dependencies: PlatformRegistryDependencies = {},
): PlatformRegistry {
  const clock = dependencies.clock ?? systemClock;
  const common = { clock, timeoutMs: config.timeoutMs, fetch: dependencies.fetch };
  const connectors = new Map<SocialPlatform, PlatformConnector>();
  const reasons = new Map<SocialPlatform, string>();
  connectors.set('webhook', new WebhookConnector(common));
  if (config.x) {
    const media = new MediaSource({
      platform: 'x',
      fetch: dependencies.fetch,
      allowPrivateNetwork: dependencies.allowPrivateMediaHosts,
    });
    connectors.set('x', new XConnector(config.x, { ...common, media }));
  }
  if (config.facebook) connectors.set('facebook', new FacebookConnector(config.facebook, common));
  const mediaFor = (platform: SocialPlatform): MediaSource =>
    new MediaSource({
      platform,
      fetch: dependencies.fetch,
      allowPrivateNetwork: dependencies.allowPrivateMediaHosts,
    });
  if (config.instagram)
    connectors.set(
      'instagram',
      new InstagramConnector(config.instagram, { ...common, media: mediaFor('instagram') }),
    );
  if (config.linkedin)
    connectors.set(
      'linkedin',
      new LinkedInConnector(config.linkedin, { ...common, media: mediaFor('linkedin') }),
    );
  if (config.tiktok)
    connectors.set('tiktok', new TikTokConnector(config.tiktok, { ...common, media: mediaFor('tiktok') }));
  if (config.youtube)
    connectors.set(
      'youtube',
      new YouTubeConnector(config.youtube, { ...common, media: mediaFor('youtube') }),
    );
  for (const [platform, [id, secret]] of Object.entries(PLATFORM_CREDENTIAL_VARIABLES) as [
    SocialPlatform,
    readonly [string, string],
  ][]) {
    if (connectors.has(platform)) continue;
    reasons.set(platform, config.pending.get(platform) ?? `set ${id} and ${secret} to enable it`);
  }
  return new PlatformRegistry(connectors, reasons);
}
