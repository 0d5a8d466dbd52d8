import type { SocialPlatform } from '@herald/accounts';
import { facebookRules } from './facebook.rules';
import { instagramRules } from './instagram.rules';
import { linkedinRules } from './linkedin.rules';
import type { PlatformRuleSet } from './platform-rule-set';
import { tiktokRules } from './tiktok.rules';
import { webhookRules } from './webhook.rules';
import { xRules } from './x.rules';
import { youtubeRules } from './youtube.rules';

export const PLATFORM_RULES: Readonly<Record<SocialPlatform, PlatformRuleSet>> = {
  facebook: facebookRules,
  instagram: instagramRules,
  x: xRules,
  linkedin: linkedinRules,
  tiktok: tiktokRules,
  youtube: youtubeRules,
  webhook: webhookRules,
};

export type { PlatformRuleSet, MediaRules, TextMeasure } from './platform-rule-set';
export { validateForPlatform } from './validate-for-platform';
export { xWeightedLength, X_URL_WEIGHT } from './x-weighted-length';
