import { codePoints, MB, type PlatformRuleSet } from './platform-rule-set';

export const instagramRules: PlatformRuleSet = {
  platform: 'instagram',
  // Caption: at most 2,200 characters and 30 hashtags.
  // Source: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
  // and https://ayrshare.com/apis/post/social-networks/instagram (checked 2026-11-23).
  text: { ...codePoints, maxLength: 2200 },
  maxHashtags: 30,
  title: null,
  forbiddenCharacters: [],
  media: {
    // Instagram has no text-only posts: every container needs an image or a video.
    // Source: https://developers.facebook.com/docs/instagram-platform/content-publishing/ (checked 2026-11-23).
    required: true,
    allowedTypes: ['image', 'video'],
    // Carousels hold up to 10 images and videos, mixed.
    // Source: https://developers.facebook.com/docs/instagram-platform/content-publishing/ (checked 2026-11-23).
    maxItems: 10,
    maxItemsByType: {},
    allowMixedTypes: true,
    // Images: JPEG, 8 MB at most, aspect ratio between 4:5 and 1.91:1. Reels video: MP4/MOV, 300 MB, 3 s to 15 min.
    // Source: https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
    // and https://www.ayrshare.com/docs/media-guidelines/instagram.md (checked 2026-11-23).
    maxSizeBytes: { image: 8 * MB, video: 300 * MB },
    mimeTypes: { image: ['image/jpeg'], video: ['video/mp4', 'video/quicktime'] },
    minDurationSeconds: 3,
    maxDurationSeconds: 15 * 60,
    imageAspectRatio: { min: 4 / 5, max: 1.91 },
  },
};
