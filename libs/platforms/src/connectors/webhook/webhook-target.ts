import { HeraldError } from '@herald/shared-kernel';
import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import type { TokenSet } from '../../connector.port';

export const WEBHOOK_KINDS = ['slack', 'discord', 'generic'] as const;
export type WebhookKind = (typeof WEBHOOK_KINDS)[number];

/**
 * Where a webhook account posts. Slack and Discord treat the URL itself as the secret ("keep it
 * secret: anyone with it can post"), so the whole target is stored as the account's access token,
 * encrypted like any token, and never shown back.
 */
export interface WebhookTarget {
  readonly kind: WebhookKind;
  readonly url: string;
  /** Generic targets only: the key of the `X-Herald-Signature` HMAC. */
  readonly signingSecret: string | null;
}

const invalid = (field: string, message: string): HeraldError =>
  new HeraldError('PLATFORM.INVALID_WEBHOOK_TARGET', message, { field });

const isLoopback = (hostname: string): boolean => {
  const host = hostname.replace(/^\[|\]$/g, '');
  return host === 'localhost' || host === '::1' || (isIP(host) === 4 && host.startsWith('127.'));
};

export function validateWebhookTarget(input: {
  kind: string;
  url: string;
  signingSecret?: string | null;
}): WebhookTarget {
  if (!(WEBHOOK_KINDS as readonly string[]).includes(input.kind)) {
    throw invalid('kind', `The webhook kind must be one of ${WEBHOOK_KINDS.join(', ')}.`);
  }
  let url: URL;
  try {
    url = new URL(input.url);
  } catch {
    throw invalid('url', 'The webhook URL is not a valid absolute URL.');
  }
  // Plain http would send the post and its signature in clear; only a local receiver may use it.
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopback(url.hostname))) {
    throw invalid('url', 'The webhook URL must use https (http only for a loopback address).');
  }
  if (url.username !== '' || url.password !== '')
    throw invalid('url', 'The webhook URL must not embed credentials.');
  const secret = input.signingSecret ?? null;
  if (secret !== null && secret.length < 16)
    throw invalid('signingSecret', 'A signing secret needs at least 16 characters.');
  if (secret !== null && input.kind !== 'generic') {
    throw invalid(
      'signingSecret',
      'Only generic webhooks are signed; Slack and Discord authenticate by their URL.',
    );
  }
  return { kind: input.kind as WebhookKind, url: url.toString(), signingSecret: secret };
}

export function webhookTokens(target: WebhookTarget): TokenSet {
  return {
    accessToken: JSON.stringify({ v: 1, ...target }),
    refreshToken: null,
    expiresAt: null,
    scopes: [],
  };
}

export function webhookTargetFromTokens(tokens: TokenSet): WebhookTarget {
  let value: unknown;
  try {
    value = JSON.parse(tokens.accessToken);
  } catch {
    throw invalid('tokens', 'The stored webhook target is unreadable; connect the webhook again.');
  }
  const record = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (record.v !== 1 || typeof record.kind !== 'string' || typeof record.url !== 'string') {
    throw invalid('tokens', 'The stored webhook target is unreadable; connect the webhook again.');
  }
  const secret = typeof record.signingSecret === 'string' ? record.signingSecret : null;
  return validateWebhookTarget({ kind: record.kind, url: record.url, signingSecret: secret });
}

/** A stable id that does not reveal the URL (which is the credential). */
export const webhookExternalId = (target: WebhookTarget): string =>
  createHash('sha256').update(target.url).digest('hex').slice(0, 32);
