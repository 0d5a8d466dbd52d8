import { PLATFORM_NAMES } from '@herald/accounts';
import { HeraldError } from '@herald/shared-kernel';
import { countHashtags, type RenderedPost } from '../post-content';
import type { MediaType } from '../post.types';
import { MB, type PlatformRuleSet } from './platform-rule-set';

const formatBytes = (bytes: number): string =>
  bytes >= MB ? `${(bytes / MB).toFixed(1).replace(/\.0$/, '')} MB` : `${bytes} bytes`;
const MEDIA_NAMES: Record<MediaType, string> = { image: 'image', gif: 'GIF', video: 'video' };

/** Throws the first rule the rendered post breaks, naming the platform, the limit and the actual value. */
export function validateForPlatform(post: RenderedPost, rules: PlatformRuleSet): void {
  const name = PLATFORM_NAMES[rules.platform];
  const base = { platform: rules.platform, accountTarget: post.platform };

  if (post.text.trim() === '' && post.media.length === 0) {
    throw new HeraldError(
      'POST.CONTENT_EMPTY',
      `The ${name} version of this post has neither text nor media.`,
      base,
    );
  }
  const length = rules.text.measure(post.text);
  if (rules.text.maxLength !== null && length > rules.text.maxLength) {
    throw new HeraldError(
      'POST.TEXT_TOO_LONG',
      `${name} allows at most ${rules.text.maxLength} ${rules.text.unit}; this text has ${length}. Shorten it or add a variant for ${name}.`,
      { ...base, limit: rules.text.maxLength, actual: length, unit: rules.text.unit },
    );
  }
  if (rules.maxHashtags !== null) {
    const hashtags = countHashtags(post.text);
    if (hashtags > rules.maxHashtags) {
      throw new HeraldError(
        'POST.TOO_MANY_HASHTAGS',
        `${name} allows at most ${rules.maxHashtags} hashtags; this post has ${hashtags}.`,
        {
          ...base,
          limit: rules.maxHashtags,
          actual: hashtags,
        },
      );
    }
  }
  if (rules.title !== null) {
    const title = post.title ?? '';
    if (rules.title.required && title.trim() === '') {
      throw new HeraldError(
        'POST.TITLE_REQUIRED',
        `${name} needs a title; add one to the post or to its ${name} variant.`,
        base,
      );
    }
    const titleLength = [...title].length;
    if (titleLength > rules.title.maxLength) {
      throw new HeraldError(
        'POST.TITLE_TOO_LONG',
        `${name} titles hold at most ${rules.title.maxLength} characters; this one has ${titleLength}.`,
        {
          ...base,
          limit: rules.title.maxLength,
          actual: titleLength,
        },
      );
    }
  }
  for (const character of rules.forbiddenCharacters) {
    if (post.text.includes(character) || (post.title ?? '').includes(character)) {
      throw new HeraldError(
        'POST.FORBIDDEN_CHARACTERS',
        `${name} refuses the character "${character}" in titles and text; remove it.`,
        {
          ...base,
          character,
        },
      );
    }
  }
  validateMedia(post, rules, name, base);
}

function validateMedia(
  post: RenderedPost,
  rules: PlatformRuleSet,
  name: string,
  base: Record<string, unknown>,
): void {
  const { media } = rules;
  if (media.required && post.media.length === 0) {
    const kinds = media.allowedTypes.map((type) => MEDIA_NAMES[type]).join(' or ');
    throw new HeraldError(
      'POST.MEDIA_REQUIRED',
      `${name} posts need media (${kinds}); attach at least one.`,
      { ...base, allowedTypes: media.allowedTypes },
    );
  }
  if (post.media.length > media.maxItems) {
    throw new HeraldError(
      'POST.TOO_MANY_MEDIA',
      `${name} allows at most ${media.maxItems} media items per post; this post has ${post.media.length}.`,
      {
        ...base,
        limit: media.maxItems,
        actual: post.media.length,
      },
    );
  }
  const counts = new Map<MediaType, number>();
  for (const item of post.media) counts.set(item.type, (counts.get(item.type) ?? 0) + 1);
  for (const [type, count] of counts) {
    if (!media.allowedTypes.includes(type)) {
      const allowed = media.allowedTypes.map((t) => MEDIA_NAMES[t]).join(', ');
      throw new HeraldError(
        'POST.MEDIA_TYPE_NOT_SUPPORTED',
        `${name} does not accept ${MEDIA_NAMES[type]} media here; it accepts: ${allowed}.`,
        {
          ...base,
          mediaType: type,
          allowedTypes: media.allowedTypes,
        },
      );
    }
    const cap = media.maxItemsByType[type];
    if (cap !== undefined && count > cap) {
      throw new HeraldError(
        'POST.TOO_MANY_MEDIA',
        `${name} allows at most ${cap} ${MEDIA_NAMES[type]} item(s) per post; this post has ${count}.`,
        {
          ...base,
          mediaType: type,
          limit: cap,
          actual: count,
        },
      );
    }
  }
  if (!media.allowMixedTypes && counts.size > 1) {
    throw new HeraldError(
      'POST.MEDIA_TYPE_NOT_SUPPORTED',
      `${name} does not mix ${[...counts.keys()].map((t) => MEDIA_NAMES[t]).join(' and ')} in one post; keep one kind.`,
      {
        ...base,
        mediaTypes: [...counts.keys()],
      },
    );
  }
  post.media.forEach((item, index) => {
    const at = { ...base, mediaIndex: index, mediaType: item.type };
    const mimes = media.mimeTypes[item.type];
    if (mimes !== undefined && !mimes.includes(item.mimeType.toLowerCase())) {
      throw new HeraldError(
        'POST.MEDIA_TYPE_NOT_SUPPORTED',
        `${name} accepts ${MEDIA_NAMES[item.type]} files of type ${mimes.join(', ')}; media #${index + 1} is ${item.mimeType}.`,
        {
          ...at,
          mimeType: item.mimeType,
          allowedMimeTypes: mimes,
        },
      );
    }
    const maxSize = media.maxSizeBytes[item.type];
    if (maxSize !== undefined && item.sizeBytes > maxSize) {
      throw new HeraldError(
        'POST.MEDIA_TOO_LARGE',
        `${name} accepts ${MEDIA_NAMES[item.type]} files up to ${formatBytes(maxSize)}; media #${index + 1} is ${formatBytes(item.sizeBytes)}.`,
        {
          ...at,
          limit: maxSize,
          actual: item.sizeBytes,
        },
      );
    }
    if (item.type === 'video' && item.durationSeconds !== null) {
      const { minDurationSeconds: min, maxDurationSeconds: max } = media;
      if (
        (min !== undefined && item.durationSeconds < min) ||
        (max !== undefined && item.durationSeconds > max)
      ) {
        throw new HeraldError(
          'POST.MEDIA_DURATION_OUT_OF_RANGE',
          `${name} accepts videos from ${min ?? 0} to ${max ?? '∞'} seconds; media #${index + 1} lasts ${item.durationSeconds} seconds.`,
          {
            ...at,
            min: min ?? null,
            max: max ?? null,
            actual: item.durationSeconds,
          },
        );
      }
    }
    const ratio = media.imageAspectRatio;
    if (ratio !== undefined && item.type === 'image' && item.width !== null && item.height !== null) {
      const actual = item.width / item.height;
      if (actual < ratio.min - 1e-9 || actual > ratio.max + 1e-9) {
        throw new HeraldError(
          'POST.MEDIA_ASPECT_RATIO_OUT_OF_RANGE',
          `${name} accepts images with a width/height ratio from ${ratio.min.toFixed(2)} to ${ratio.max.toFixed(2)}; media #${index + 1} is ${item.width}×${item.height} (${actual.toFixed(2)}).`,
          {
            ...at,
            min: ratio.min,
            max: ratio.max,
            actual,
          },
        );
      }
    }
  });
}
