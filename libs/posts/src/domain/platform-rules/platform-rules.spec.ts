import type { SocialPlatform } from '@herald/accounts';
import { HeraldError } from '@herald/shared-kernel';
import { renderForPlatform, type RenderedPost } from '../post-content';
import type { PostContent } from '../post.types';
import { content, image, video } from '../testing/post.fixtures';
import { PLATFORM_RULES, validateForPlatform, xWeightedLength } from './index';

const check = (platform: SocialPlatform, postContent: PostContent, variants = {}): void =>
  validateForPlatform(renderForPlatform(postContent, variants, platform), PLATFORM_RULES[platform]);

function rejection(platform: SocialPlatform, postContent: PostContent): HeraldError {
  try {
    check(platform, postContent);
  } catch (error) {
    if (error instanceof HeraldError) return error;
    throw error;
  }
  throw new Error(`expected ${platform} to refuse the post`);
}

const text = (length: number): string => 'a'.repeat(length);

describe('platform rules', () => {
  describe('X', () => {
    it('accepts 280 characters and refuses 281, naming the limit and the count', () => {
      expect(() => check('x', content({ text: text(280), hashtags: [] }))).not.toThrow();
      const error = rejection('x', content({ text: text(281), hashtags: [] }));
      expect(error.code).toBe('POST.TEXT_TOO_LONG');
      expect(error.message).toBe(
        'X allows at most 280 weighted characters; this text has 281. Shorten it or add a variant for X.',
      );
      expect(error.details).toMatchObject({ platform: 'x', limit: 280, actual: 281 });
    });

    it('counts every URL as 23 characters, however long', () => {
      expect(xWeightedLength('see https://example.com/a/very/long/path/that/goes/on?and=on&on=1')).toBe(
        4 + 23,
      );
      expect(xWeightedLength('example.com and www.example.org')).toBe(23 + 5 + 23);
    });

    it('counts emoji and CJK characters as 2', () => {
      expect(xWeightedLength('👍')).toBe(2);
      expect(xWeightedLength('👨‍👩‍👧')).toBe(2);
      expect(xWeightedLength('日本')).toBe(4);
      expect(xWeightedLength('café')).toBe(4);
    });

    it('a long URL does not push a short post over the limit', () => {
      const post = `${text(250)} https://example.com/${'x'.repeat(100)}`;
      expect(() => check('x', content({ text: post, hashtags: [] }))).not.toThrow();
    });

    it('allows up to 4 photos, but only one GIF or one video, and no mixing', () => {
      expect(() => check('x', content({ media: [image(), image(), image(), image()] }))).not.toThrow();
      expect(rejection('x', content({ media: [image(), image(), image(), image(), image()] })).code).toBe(
        'POST.TOO_MANY_MEDIA',
      );
      expect(rejection('x', content({ media: [video(), video()] })).code).toBe('POST.TOO_MANY_MEDIA');
      expect(rejection('x', content({ media: [image(), video()] })).code).toBe(
        'POST.MEDIA_TYPE_NOT_SUPPORTED',
      );
    });

    it('refuses an image over 5 MB, naming both sizes', () => {
      const error = rejection('x', content({ media: [image({ sizeBytes: 6 * 1024 * 1024 })] }));
      expect(error.code).toBe('POST.MEDIA_TOO_LARGE');
      expect(error.message).toContain('up to 5 MB; media #1 is 6 MB');
    });

    it('counts hashtags appended from the hashtag list', () => {
      const error = rejection('x', content({ text: text(275), hashtags: ['launch'] }));
      expect(error.details).toMatchObject({ actual: 275 + 2 + 7 });
    });
  });

  describe('Instagram', () => {
    it('needs media', () => {
      const error = rejection('instagram', content({ media: [] }));
      expect(error.code).toBe('POST.MEDIA_REQUIRED');
      expect(error.message).toBe('Instagram posts need media (image or video); attach at least one.');
    });

    it('allows a 2,200-character caption and refuses 2,201', () => {
      expect(() => check('instagram', content({ text: text(2200), hashtags: [] }))).not.toThrow();
      expect(rejection('instagram', content({ text: text(2201), hashtags: [] })).code).toBe(
        'POST.TEXT_TOO_LONG',
      );
    });

    it('allows 30 hashtags and refuses 31', () => {
      const tags = (n: number) => Array.from({ length: n }, (_, i) => `tag${i}`);
      expect(() => check('instagram', content({ hashtags: tags(30) }))).not.toThrow();
      const error = rejection('instagram', content({ hashtags: tags(31) }));
      expect(error.code).toBe('POST.TOO_MANY_HASHTAGS');
      expect(error.details).toMatchObject({ limit: 30, actual: 31 });
    });

    it('holds at most 10 carousel items', () => {
      expect(() =>
        check('instagram', content({ media: Array.from({ length: 10 }, () => image()) })),
      ).not.toThrow();
      expect(rejection('instagram', content({ media: Array.from({ length: 11 }, () => image()) })).code).toBe(
        'POST.TOO_MANY_MEDIA',
      );
    });

    it('refuses images over 8 MB and non-JPEG images', () => {
      expect(
        rejection('instagram', content({ media: [image({ sizeBytes: 8 * 1024 * 1024 + 1 })] })).code,
      ).toBe('POST.MEDIA_TOO_LARGE');
      expect(rejection('instagram', content({ media: [image({ mimeType: 'image/png' })] })).code).toBe(
        'POST.MEDIA_TYPE_NOT_SUPPORTED',
      );
    });

    it('refuses an image taller than 4:5', () => {
      const error = rejection('instagram', content({ media: [image({ width: 1080, height: 1920 })] }));
      expect(error.code).toBe('POST.MEDIA_ASPECT_RATIO_OUT_OF_RANGE');
    });

    it('refuses GIFs', () => {
      expect(
        rejection('instagram', content({ media: [image({ type: 'gif', mimeType: 'image/gif' })] })).code,
      ).toBe('POST.MEDIA_TYPE_NOT_SUPPORTED');
    });
  });

  describe('Facebook', () => {
    it('allows 63,206 characters and refuses more', () => {
      expect(() => check('facebook', content({ text: text(63206), hashtags: [], media: [] }))).not.toThrow();
      expect(rejection('facebook', content({ text: text(63207), hashtags: [], media: [] })).code).toBe(
        'POST.TEXT_TOO_LONG',
      );
    });

    it('does not mix images and a video', () => {
      expect(rejection('facebook', content({ media: [image(), video()] })).code).toBe(
        'POST.MEDIA_TYPE_NOT_SUPPORTED',
      );
    });
  });

  describe('LinkedIn', () => {
    it('allows 3,000 characters and refuses 3,001', () => {
      expect(() => check('linkedin', content({ text: text(3000), hashtags: [], media: [] }))).not.toThrow();
      expect(
        rejection('linkedin', content({ text: text(3001), hashtags: [], media: [] })).details,
      ).toMatchObject({ limit: 3000, actual: 3001 });
    });
  });

  describe('TikTok', () => {
    it('needs media', () => {
      expect(rejection('tiktok', content({ media: [] })).code).toBe('POST.MEDIA_REQUIRED');
    });

    it('takes one video with a caption of up to 2,200 characters', () => {
      expect(() =>
        check('tiktok', content({ text: text(2200), hashtags: [], media: [video()] })),
      ).not.toThrow();
      expect(rejection('tiktok', content({ text: text(2201), hashtags: [], media: [video()] })).code).toBe(
        'POST.TEXT_TOO_LONG',
      );
    });

    it('refuses videos shorter than 3 seconds or longer than 10 minutes', () => {
      expect(rejection('tiktok', content({ media: [video({ durationSeconds: 2 })] })).code).toBe(
        'POST.MEDIA_DURATION_OUT_OF_RANGE',
      );
      expect(rejection('tiktok', content({ media: [video({ durationSeconds: 601 })] })).code).toBe(
        'POST.MEDIA_DURATION_OUT_OF_RANGE',
      );
    });

    it('refuses PNG photos', () => {
      expect(rejection('tiktok', content({ media: [image({ mimeType: 'image/png' })] })).code).toBe(
        'POST.MEDIA_TYPE_NOT_SUPPORTED',
      );
    });
  });

  describe('YouTube', () => {
    const youtube = (overrides: Partial<PostContent> = {}) =>
      content({ title: 'Launch day', media: [video()], ...overrides });

    it('needs a video: an image is refused and so is no media', () => {
      expect(rejection('youtube', youtube({ media: [] })).code).toBe('POST.MEDIA_REQUIRED');
      expect(rejection('youtube', youtube({ media: [image()] })).code).toBe('POST.MEDIA_TYPE_NOT_SUPPORTED');
    });

    it('needs a title of at most 100 characters', () => {
      expect(rejection('youtube', youtube({ title: null })).code).toBe('POST.TITLE_REQUIRED');
      expect(() => check('youtube', youtube({ title: text(100) }))).not.toThrow();
      expect(rejection('youtube', youtube({ title: text(101) })).code).toBe('POST.TITLE_TOO_LONG');
    });

    it('limits the description to 5,000 bytes, so multi-byte text hits it sooner', () => {
      expect(() => check('youtube', youtube({ text: text(5000), hashtags: [] }))).not.toThrow();
      const error = rejection('youtube', youtube({ text: 'é'.repeat(2501), hashtags: [] }));
      expect(error.code).toBe('POST.TEXT_TOO_LONG');
      expect(error.details).toMatchObject({ unit: 'bytes', actual: 5002 });
    });

    it('refuses angle brackets', () => {
      expect(rejection('youtube', youtube({ title: 'a <b>' })).code).toBe('POST.FORBIDDEN_CHARACTERS');
    });
  });

  describe('variants', () => {
    it('a per-platform variant overrides the text for that platform only', () => {
      const long = content({ text: text(400), hashtags: [] });
      expect(() => check('x', long, { x: { text: 'Short for X' } })).not.toThrow();
      expect(() => check('linkedin', long, { x: { text: 'Short for X' } })).not.toThrow();
      expect(rejection('x', long).code).toBe('POST.TEXT_TOO_LONG');
    });

    it('a variant can supply the media a platform needs', () => {
      const textOnly = content({ media: [] });
      expect(() => check('instagram', textOnly, { instagram: { media: [image()] } })).not.toThrow();
    });

    it('renders declared hashtags missing from the text on a last line', () => {
      const rendered: RenderedPost = renderForPlatform(
        content({ text: 'Hello #spring', hashtags: ['spring', '#launch'] }),
        {},
        'x',
      );
      expect(rendered.text).toBe('Hello #spring\n\n#launch');
    });
  });
});
