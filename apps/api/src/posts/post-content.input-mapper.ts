import type { MediaItem, PlatformVariants, PostContent, Recurrence } from '@herald/posts';
import { HeraldError } from '@herald/shared-kernel';
import type { MediaInput, PostContentInput, RecurrenceInput } from './post.inputs';

const mediaItem = (input: MediaInput): MediaItem => ({
  url: input.url,
  type: input.type,
  mimeType: input.mimeType,
  sizeBytes: input.sizeBytes,
  width: input.width ?? null,
  height: input.height ?? null,
  durationSeconds: input.durationSeconds ?? null,
  altText: input.altText ?? null,
});

/** Validated GraphQL input to the domain's content and per-platform variants. */
export function contentOf(input: PostContentInput): { content: PostContent; variants: PlatformVariants } {
  const variants: Record<string, PlatformVariants[keyof PlatformVariants]> = {};
  input.variants.forEach((variant, index) => {
    if (variants[variant.platform] !== undefined) {
      throw new HeraldError('VALIDATION.FAILED', `input.variants.${index}.platform: ${variant.platform} has two variants; keep one.`, {
        field: `input.variants.${index}.platform`,
      });
    }
    variants[variant.platform] = {
      ...(variant.text !== undefined && variant.text !== null ? { text: variant.text } : {}),
      ...(variant.title !== undefined ? { title: variant.title } : {}),
      ...(variant.media !== undefined && variant.media !== null ? { media: variant.media.map(mediaItem) } : {}),
    };
  });
  return {
    content: {
      text: input.text,
      title: input.title ?? null,
      media: input.media.map(mediaItem),
      hashtags: [...input.hashtags],
      mentions: [...input.mentions],
      links: [...input.links],
    },
    variants: variants as PlatformVariants,
  };
}

export function recurrenceOf(input: RecurrenceInput | null | undefined): Recurrence | null {
  if (input === undefined || input === null) return null;
  return {
    frequency: input.frequency,
    interval: input.interval,
    byWeekday: input.byWeekday ?? null,
    until: input.until === undefined || input.until === null ? null : new Date(input.until).toISOString(),
    count: input.count ?? null,
  };
}
