import { GB, utf8Bytes, type PlatformRuleSet } from './platform-rule-set';

export const youtubeRules: PlatformRuleSet = {
  platform: 'youtube',
  // videos.insert: snippet.description at most 5,000 bytes; snippet.title required, at most 100
  // characters; neither may contain "<" or ">".
  // Source: https://developers.google.com/youtube/v3/docs/videos (checked 2026-11-23);
  // https://www.ayrshare.com/docs/cn/apis/post/social-networks/youtube.md states the same limits.
  text: { ...utf8Bytes, maxLength: 5000 },
  maxHashtags: null,
  title: { required: true, maxLength: 100 },
  forbiddenCharacters: ['<', '>'],
  media: {
    // Exactly one video per upload; accepted MIME video/* up to 256 GB.
    // Source: https://developers.google.com/youtube/v3/docs/videos/insert (checked 2026-11-23).
    required: true,
    allowedTypes: ['video'],
    maxItems: 1,
    maxItemsByType: { video: 1 },
    allowMixedTypes: false,
    maxSizeBytes: { video: 256 * GB },
    mimeTypes: {},
  },
};
