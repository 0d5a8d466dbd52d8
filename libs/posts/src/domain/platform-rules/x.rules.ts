import { MB, type PlatformRuleSet } from './platform-rule-set';
import { xWeightedLength } from './x-weighted-length';

export const xRules: PlatformRuleSet = {
  platform: 'x',
  // 280 weighted characters; URLs count 23, emoji and CJK 2.
  // Source: https://docs.x.com/fundamentals/counting-characters (checked 2026-11-23).
  text: { unit: 'weighted characters', measure: xWeightedLength, maxLength: 280 },
  maxHashtags: null,
  title: null,
  forbiddenCharacters: [],
  media: {
    required: false,
    // "You may attach up to 4 photos, 1 animated GIF or 1 video in a Post."
    // Source: https://docs.x.com/x-api/media/quickstart/best-practices (checked 2026-11-23).
    allowedTypes: ['image', 'gif', 'video'],
    maxItems: 4,
    maxItemsByType: { image: 4, gif: 1, video: 1 },
    allowMixedTypes: false,
    // Upload size limits: image 5 MB, GIF 15 MB, video 512 MB.
    // Source: https://docs.x.com/x-api/media (checked 2026-11-23).
    maxSizeBytes: { image: 5 * MB, gif: 15 * MB, video: 512 * MB },
    mimeTypes: {
      image: ['image/jpeg', 'image/png', 'image/webp'],
      gif: ['image/gif'],
      video: ['video/mp4', 'video/quicktime'],
    },
  },
};
