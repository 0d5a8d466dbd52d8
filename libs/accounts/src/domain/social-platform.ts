/** Platforms a social account can be connected to; `webhook` is a generic incoming-webhook target (Slack, Discord). */
export const SOCIAL_PLATFORMS = [
  'facebook',
  'instagram',
  'x',
  'linkedin',
  'tiktok',
  'youtube',
  'webhook',
] as const;
export type SocialPlatform = (typeof SOCIAL_PLATFORMS)[number];

export function isSocialPlatform(value: unknown): value is SocialPlatform {
  return typeof value === 'string' && (SOCIAL_PLATFORMS as readonly string[]).includes(value);
}

export const PLATFORM_NAMES: Readonly<Record<SocialPlatform, string>> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
  linkedin: 'LinkedIn',
  tiktok: 'TikTok',
  youtube: 'YouTube',
  webhook: 'Webhook',
};

/** Health of a connected account as the publisher sees it. `disconnected` is terminal. */
export type AccountHealthStatus = 'active' | 'error' | 'rate_limited' | 'expired' | 'disconnected';
