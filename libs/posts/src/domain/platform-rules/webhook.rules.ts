import { codePoints, type PlatformRuleSet } from './platform-rule-set';

/**
 * A generic incoming webhook (Slack, Discord, a customer's endpoint) has no published limits of its
 * own; only the rules every post obeys apply (text or media must be present).
 */
export const webhookRules: PlatformRuleSet = {
  platform: 'webhook',
  text: { ...codePoints, maxLength: null },
  maxHashtags: null,
  title: null,
  forbiddenCharacters: [],
  media: {
    required: false,
    allowedTypes: ['image', 'gif', 'video'],
    maxItems: 10,
    maxItemsByType: {},
    allowMixedTypes: true,
    maxSizeBytes: {},
    mimeTypes: {},
  },
};
