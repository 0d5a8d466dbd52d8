import { codePoints, type PlatformRuleSet } from './platform-rule-set';

export const facebookRules: PlatformRuleSet = {
  platform: 'facebook',
  // Page post message: at most 63,206 characters.
  // Source: https://docs.upload-post.com/resources/character-limits/ (checked 2026-11-23).
  text: { ...codePoints, maxLength: 63206 },
  maxHashtags: null,
  title: null,
  forbiddenCharacters: [],
  media: {
    required: false,
    // Several images or a single video, never both in one post.
    // Source: https://www.ayrshare.com/docs/apis/post/social-networks/facebook.md (checked 2026-11-23).
    allowedTypes: ['image', 'gif', 'video'],
    maxItems: 10,
    maxItemsByType: { video: 1 },
    allowMixedTypes: false,
    maxSizeBytes: {},
    mimeTypes: {},
  },
};
