/**
 * Posts per platform per organization per day, by default. Platforms throttle or flag accounts
 * that post more; an organization may lower or raise them within bounds in its settings.
 */
export const CAPPED_PLATFORMS = ['instagram', 'facebook', 'linkedin', 'x', 'tiktok'] as const;
export type CappedPlatform = (typeof CAPPED_PLATFORMS)[number];

export const DEFAULT_DAILY_CAPS: Readonly<Record<CappedPlatform, number>> = {
  instagram: 3,
  facebook: 5,
  linkedin: 2,
  x: 10,
  tiktok: 4,
};

export const DAILY_CAP_BOUNDS = { min: 1, max: 50 } as const;

export function isCappedPlatform(value: unknown): value is CappedPlatform {
  return typeof value === 'string' && (CAPPED_PLATFORMS as readonly string[]).includes(value);
}

/** The cap in force: the organization's override when it has one, else the default. */
export function effectiveDailyCap(
  platform: CappedPlatform,
  overrides: Readonly<Partial<Record<CappedPlatform, number>>>,
): number {
  return overrides[platform] ?? DEFAULT_DAILY_CAPS[platform];
}
