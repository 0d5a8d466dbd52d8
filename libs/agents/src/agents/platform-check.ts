import { PLATFORM_NAMES, type SocialPlatform } from '@herald/accounts';
import {
  PLATFORM_RULES,
  type PlatformVariants,
  type PostContent,
  renderForPlatform,
  validateForPlatform,
} from '@herald/posts';
import { isHeraldError } from '@herald/shared-kernel';

/** What the writer can fix in words; media rules wait for a person to add images or video. */
const TEXT_RULES = new Set([
  'POST.TEXT_TOO_LONG',
  'POST.TOO_MANY_HASHTAGS',
  'POST.FORBIDDEN_CHARACTERS',
  'POST.CONTENT_EMPTY',
]);

/** Runs the posts context's own platform rules on the rendered text of each platform. */
export function checkAgainstPlatforms(
  content: PostContent,
  variants: PlatformVariants,
  platforms: readonly SocialPlatform[],
): { issues: string[]; notes: string[] } {
  const issues: string[] = [];
  const notes: string[] = [];
  for (const platform of platforms) {
    try {
      validateForPlatform(renderForPlatform(content, variants, platform), PLATFORM_RULES[platform]);
    } catch (error) {
      if (!isHeraldError(error)) throw error;
      if (TEXT_RULES.has(error.code)) issues.push(`${PLATFORM_NAMES[platform]}: ${error.message}`);
      else notes.push(`${PLATFORM_NAMES[platform]}: ${error.message}`);
    }
  }
  return { issues, notes };
}
