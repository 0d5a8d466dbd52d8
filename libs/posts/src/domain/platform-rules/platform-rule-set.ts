import type { SocialPlatform } from '@herald/accounts';
import type { MediaType } from '../post.types';

/** How a platform measures text against its limit; the unit is named in error messages. */
export interface TextMeasure {
  readonly unit: string;
  readonly measure: (text: string) => number;
}

export interface MediaRules {
  readonly required: boolean;
  readonly allowedTypes: readonly MediaType[];
  /** Most items in one post, all types together. */
  readonly maxItems: number;
  /** Per-type caps (X: 4 photos, but 1 GIF or 1 video). */
  readonly maxItemsByType: Readonly<Partial<Record<MediaType, number>>>;
  /** Whether images and videos may share a post. */
  readonly allowMixedTypes: boolean;
  readonly maxSizeBytes: Readonly<Partial<Record<MediaType, number>>>;
  /** Accepted MIME types per media type; a type left out accepts any MIME of that kind. */
  readonly mimeTypes: Readonly<Partial<Record<MediaType, readonly string[]>>>;
  readonly minDurationSeconds?: number;
  readonly maxDurationSeconds?: number;
  /** width / height bounds for images, when the dimensions are known. */
  readonly imageAspectRatio?: { readonly min: number; readonly max: number };
}

export interface PlatformRuleSet {
  readonly platform: SocialPlatform;
  readonly text: TextMeasure & { readonly maxLength: number | null };
  readonly maxHashtags: number | null;
  readonly title: { readonly required: boolean; readonly maxLength: number } | null;
  /** Characters the platform refuses in text and title. */
  readonly forbiddenCharacters: readonly string[];
  readonly media: MediaRules;
}

export const MB = 1024 * 1024;
export const GB = 1024 * MB;

export const codePoints: TextMeasure = {
  unit: 'characters',
  measure: (text) => [...text.normalize('NFC')].length,
};
export const utf16Units: TextMeasure = { unit: 'characters', measure: (text) => text.length };
export const utf8Bytes: TextMeasure = { unit: 'bytes', measure: (text) => Buffer.byteLength(text, 'utf8') };
