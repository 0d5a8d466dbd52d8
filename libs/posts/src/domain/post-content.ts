import { type SocialPlatform } from '@herald/accounts';
import { HeraldError } from '@herald/shared-kernel';
import { MEDIA_TYPES, type MediaItem, type PlatformVariants, type PostContent } from './post.types';

/** The post as it will be sent to one platform: variant overrides applied, hashtags rendered. */
export interface RenderedPost {
  readonly platform: SocialPlatform;
  readonly text: string;
  readonly title: string | null;
  readonly media: readonly MediaItem[];
}

const normalizeTag = (tag: string): string => tag.replace(/^#/, '');

/** Appends the declared hashtags the text does not already contain, on a last line. */
export function renderText(text: string, hashtags: readonly string[]): string {
  const lower = text.toLowerCase();
  const missing = hashtags
    .map(normalizeTag)
    .filter((tag) => tag !== '' && !lower.includes(`#${tag.toLowerCase()}`))
    .map((tag) => `#${tag}`);
  if (missing.length === 0) return text;
  return text === '' ? missing.join(' ') : `${text}\n\n${missing.join(' ')}`;
}

export function renderForPlatform(
  content: PostContent,
  variants: PlatformVariants,
  platform: SocialPlatform,
): RenderedPost {
  const variant = variants[platform] ?? {};
  return {
    platform,
    text: renderText(variant.text ?? content.text, content.hashtags),
    title: variant.title !== undefined ? variant.title : content.title,
    media: variant.media ?? content.media,
  };
}

const HASHTAG = /(?:^|[^\p{L}\p{N}_&])#([\p{L}\p{N}_]+)/gu;

export function countHashtags(text: string): number {
  const tags = new Set<string>();
  for (const match of text.matchAll(HASHTAG)) tags.add(match[1].toLowerCase());
  return tags.size;
}

function invalid(field: string, message: string): never {
  throw new HeraldError('VALIDATION.FAILED', message, { field });
}

const isNonNegativeInteger = (value: unknown): boolean =>
  typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isPositiveOrNull = (value: unknown): boolean =>
  value === null || (typeof value === 'number' && value > 0);

function validateMedia(media: readonly MediaItem[], field: string): void {
  if (!Array.isArray(media)) invalid(field, `${field} must be a list.`);
  media.forEach((item, index) => {
    const at = `${field}[${index}]`;
    if (typeof item.url !== 'string' || item.url.trim() === '')
      invalid(`${at}.url`, `${at}.url must not be empty.`);
    if (!MEDIA_TYPES.includes(item.type))
      invalid(`${at}.type`, `${at}.type must be one of ${MEDIA_TYPES.join(', ')}.`);
    if (typeof item.mimeType !== 'string' || !item.mimeType.includes('/'))
      invalid(`${at}.mimeType`, `${at}.mimeType must be a MIME type.`);
    if (!isNonNegativeInteger(item.sizeBytes))
      invalid(`${at}.sizeBytes`, `${at}.sizeBytes must be a whole number of bytes.`);
    if (!isPositiveOrNull(item.width) || !isPositiveOrNull(item.height))
      invalid(`${at}`, `${at} width and height must be positive.`);
    if (!isPositiveOrNull(item.durationSeconds))
      invalid(`${at}.durationSeconds`, `${at}.durationSeconds must be positive.`);
  });
}

const isStringList = (value: unknown): boolean =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

/** Platform-independent shape checks; the platform rules run when targets are known. */
export function validateContentShape(content: PostContent, variants: PlatformVariants): void {
  if (typeof content.text !== 'string') invalid('content.text', 'content.text must be a string.');
  if (content.title !== null && typeof content.title !== 'string')
    invalid('content.title', 'content.title must be a string.');
  validateMedia(content.media, 'content.media');
  for (const field of ['hashtags', 'mentions', 'links'] as const) {
    if (!isStringList(content[field]))
      invalid(`content.${field}`, `content.${field} must be a list of strings.`);
  }
  if (content.text.trim() === '' && content.media.length === 0) {
    throw new HeraldError('POST.CONTENT_EMPTY', 'A post needs text or at least one media item.', {});
  }
  for (const [platform, variant] of Object.entries(variants)) {
    if (variant?.media !== undefined) validateMedia(variant.media, `variants.${platform}.media`);
    if (variant?.text !== undefined && typeof variant.text !== 'string')
      invalid(`variants.${platform}.text`, 'A variant text must be a string.');
  }
}
