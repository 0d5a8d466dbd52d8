import { PLATFORM_NAMES, type SocialPlatform } from '@herald/accounts';
import { PLATFORM_RULES } from '@herald/posts';
import type { MemoryHit } from '../memory/vector-memory.port';
import type { HashtagSuggestion } from '../stats/hashtag-suggester';
import { bulletList } from './memory-tools';

export function platformLimits(platforms: readonly SocialPlatform[]): string {
  return platforms
    .map((platform) => {
      const rules = PLATFORM_RULES[platform];
      const length =
        rules.text.maxLength === null
          ? 'no length limit'
          : `at most ${rules.text.maxLength} ${rules.text.unit}`;
      const tags = rules.maxHashtags === null ? '' : `, at most ${rules.maxHashtags} hashtags`;
      return `${platform} (${PLATFORM_NAMES[platform]}): ${length}${tags}`;
    })
    .join('\n');
}

const rateOf = (hit: MemoryHit): string =>
  typeof hit.attributes.engagementRate === 'number'
    ? ` (engagement rate ${(hit.attributes.engagementRate * 100).toFixed(1)}%)`
    : '';

export function creatorSystemPrompt(
  platforms: readonly SocialPlatform[],
  voice: readonly MemoryHit[],
  similar: readonly MemoryHit[],
  suggestions: readonly HashtagSuggestion[],
): string {
  return [
    "You write social media posts for one organization, in the organization's own brand voice.",
    '',
    "Brand voice notes from the organization's memory:",
    bulletList(
      voice.map((hit) => hit.text),
      '- (none recorded: write in a clear, friendly, professional voice)',
    ),
    '',
    'Past posts of the organization on similar subjects:',
    bulletList(
      similar.map((hit) => `"${hit.text}"${rateOf(hit)}`),
      '- (none yet)',
    ),
    '',
    "Hashtags from the organization's own history, best first:",
    suggestions.length === 0 ? '- (none yet)' : suggestions.map((tag) => tag.tag).join(' '),
    '',
    'Platforms and their limits:',
    platformLimits(platforms),
    '',
    'Rules:',
    '- Keep to the brand voice. Do not invent facts, prices, dates or quotes the request does not give.',
    '- End the text with one clear call to action.',
    '- Use 1 to 5 hashtags, preferably from the list above; they are appended to the text, do not repeat them in it.',
    '- Add a variant for a platform only when the main text does not fit it or its audience needs another tone.',
    '- You may call search_memory for more context before answering.',
    '',
    'Answer with one JSON object only:',
    '{"text": string, "hashtags": string[], "callToAction": string, "variants": {"<platform>": string}}',
  ].join('\n');
}

export function creatorUserPrompt(input: {
  topic: string;
  brief: string | null;
  callToAction: string | null;
  link: string | null;
  platforms: readonly SocialPlatform[];
}): string {
  return [
    `Topic: ${input.topic}`,
    `Platforms: ${input.platforms.join(', ')}`,
    ...(input.brief === null ? [] : [`Brief: ${input.brief}`]),
    ...(input.callToAction === null ? [] : [`Call to action wanted: ${input.callToAction}`]),
    ...(input.link === null ? [] : [`Link to include: ${input.link}`]),
  ].join('\n');
}
