import { GB, MB, utf16Units, type PlatformRuleSet } from './platform-rule-set';

export const tiktokRules: PlatformRuleSet = {
  platform: 'tiktok',
  // Direct Post: the caption (post_info.title) holds at most 2,200 UTF-16 code units.
  // Source: https://developers.tiktok.com/doc/content-posting-api-reference-direct-post (checked 2026-11-23).
  text: { ...utf16Units, maxLength: 2200 },
  maxHashtags: null,
  title: null,
  forbiddenCharacters: [],
  media: {
    // No text-only posts: one video, or a photo post of up to 35 JPEG/WebP images (no PNG), never mixed.
    // Video: MP4/MOV/WebM, at most 4 GB, 3 s to 10 min. Photos: at most 20 MB each.
    // Source: https://docs.zernio.com/platforms/tiktok and https://help.blotato.com/platforms/tiktok/limitations (checked 2026-11-23).
    required: true,
    allowedTypes: ['image', 'video'],
    maxItems: 35,
    maxItemsByType: { video: 1 },
    allowMixedTypes: false,
    maxSizeBytes: { image: 20 * MB, video: 4 * GB },
    mimeTypes: { image: ['image/jpeg', 'image/webp'], video: ['video/mp4', 'video/quicktime', 'video/webm'] },
    minDurationSeconds: 3,
    maxDurationSeconds: 10 * 60,
  },
};
