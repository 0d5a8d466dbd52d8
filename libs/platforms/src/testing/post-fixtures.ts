import type { RenderedPost } from '@herald/posts';
import type { SocialPlatform } from '@herald/accounts';
import { PlatformError } from '../platform-error';

export function renderedPost(platform: SocialPlatform, overrides: Partial<RenderedPost> = {}): RenderedPost {
  return { platform, text: 'Launch day! #herald', title: null, media: [], ...overrides };
}

/** Awaits a promise that must fail with a PlatformError and returns it (anything else fails the test). */
export async function platformFailure(promise: Promise<unknown>): Promise<PlatformError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof PlatformError) return error;
    throw error;
  }
  throw new Error('expected a PlatformError, but the call succeeded');
}
