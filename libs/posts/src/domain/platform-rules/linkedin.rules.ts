import { codePoints, MB, type PlatformRuleSet } from './platform-rule-set';

export const linkedinRules: PlatformRuleSet = {
  platform: 'linkedin',
  // Post commentary: at most 3,000 characters.
  // Source: https://www.ayrshare.com/docs/apis/post/social-networks/linkedin.md (checked 2026-11-23).
  text: { ...codePoints, maxLength: 3000 },
  maxHashtags: null,
  title: null,
  forbiddenCharacters: [],
  media: {
    required: false,
    // Images JPG/PNG/GIF up to 5 MB; one MP4 video up to 500 MB and 30 minutes; no mixing.
    // Source: https://help.blotato.com/platforms/linkedin/supported-posts-and-media (checked 2026-11-23).
    // Multi-image posts hold 2 to 20 images (LinkedIn MultiImage API).
    allowedTypes: ['image', 'gif', 'video'],
    maxItems: 20,
    maxItemsByType: { video: 1 },
    allowMixedTypes: false,
    maxSizeBytes: { image: 5 * MB, gif: 5 * MB, video: 500 * MB },
    mimeTypes: { image: ['image/jpeg', 'image/png'], gif: ['image/gif'], video: ['video/mp4'] },
    maxDurationSeconds: 30 * 60,
  },
};
