import { PLATFORM_RULES, validateForPlatform, type RenderedPost } from '@herald/posts';
import { HeraldError, systemClock, type Clock } from '@herald/shared-kernel';
import type {
  AccountCredentials,
  AccountMetrics,
  ConnectableAccount,
  ConnectorCapabilities,
  PlatformConnector,
  PostMetricsReading,
  Profile,
  PublishRequest,
  PublishResult,
  RecentPostsLookup,
  RecentPostsQuery,
} from '../../connector.port';
import { PlatformHttpClient, type PlatformResponse } from '../../http/platform-http-client';
import { retryAfterFromHeader } from '../../http/rate-limit-headers';
import { PlatformError, kindForStatus } from '../../platform-error';
import { SIGNATURE_HEADER, TIMESTAMP_HEADER, signWebhookBody } from './webhook-signature';
import {
  validateWebhookTarget,
  webhookExternalId,
  webhookTargetFromTokens,
  webhookTokens,
  type WebhookKind,
  type WebhookTarget,
} from './webhook-target';

/**
 * Slack answers with plain-text error codes. Those that mean the webhook itself is gone (removed
 * app, archived or deleted channel, disabled workspace) need a new webhook: "reconnect".
 * Source: https://docs.slack.dev/messaging/sending-messages-using-incoming-webhooks (checked 2026-11-24).
 */
const SLACK_DEAD_WEBHOOK = new Set([
  'no_service',
  'no_service_id',
  'no_team',
  'team_disabled',
  'invalid_token',
  'channel_not_found',
  'channel_is_archived',
]);

/**
 * Discord: Execute Webhook, `POST /webhooks/{id}/{token}?wait=true` answers with the created message.
 * JSON error codes 10015 (Unknown Webhook) and 50027 (Invalid Webhook Token) mean the webhook was
 * deleted. Content is capped at 2,000 characters and 10 embeds.
 * Source: https://discord.com/developers/docs/resources/webhook#execute-webhook and
 * https://discord.com/developers/docs/topics/opcodes-and-status-codes#json (checked 2026-11-24).
 */
const DISCORD_DEAD_WEBHOOK = new Set([10015, 50027]);
const DISCORD_MAX_CONTENT = 2000;
const DISCORD_MAX_EMBEDS = 10;
/** Slack truncates `text` past 40,000 characters; Herald refuses instead of posting a cut message. */
const SLACK_MAX_TEXT = 40_000;

function classifyWebhookError(kind: WebhookKind) {
  return (response: PlatformResponse, now: Date): PlatformError => {
    let reason = response.text.trim().slice(0, 300) || `HTTP ${response.status}`;
    let platformCode: string | null = null;
    let dead = response.status === 404 || response.status === 410;
    let retryAfterMs = retryAfterFromHeader(response.headers.get('retry-after'), now);
    if (kind === 'slack') {
      platformCode = reason;
      dead = SLACK_DEAD_WEBHOOK.has(reason) || response.status === 410;
    } else if (kind === 'discord') {
      try {
        const body = JSON.parse(response.text) as {
          code?: unknown;
          message?: unknown;
          retry_after?: unknown;
        };
        if (typeof body.message === 'string') reason = body.message;
        if (typeof body.code === 'number') {
          platformCode = String(body.code);
          dead = DISCORD_DEAD_WEBHOOK.has(body.code);
        }
        if (retryAfterMs === null && typeof body.retry_after === 'number')
          retryAfterMs = Math.ceil(body.retry_after * 1000);
      } catch {
        // a non-JSON Discord error (a proxy page) is classified by status alone
      }
    }
    const status = kindForStatus(response.status);
    return new PlatformError({
      // A webhook has no token to refresh: a refused one is dead or misconfigured.
      kind: dead ? 'needs_reconnect' : status === 'needs_refresh' ? 'rejected' : status,
      platform: 'webhook',
      reason,
      platformStatus: response.status,
      platformCode,
      retryAfterMs: status === 'rate_limited' ? retryAfterMs : null,
    });
  };
}

export interface WebhookConnectorOptions {
  readonly clock?: Clock;
  readonly timeoutMs?: number;
  readonly fetch?: typeof fetch;
}

/**
 * Posts to Slack incoming webhooks, Discord webhooks and generic JSON endpoints. Needs no platform
 * app, so it is always available and works offline against a local receiver (embedded mode).
 *
 * Reconciliation is not possible: Slack returns no message id and no webhook can list what it
 * posted. `recentPosts` answers `supported: false`, so a publish whose outcome is unknown stays
 * unknown and the publisher applies its policy for unverifiable targets (it does not blindly retry).
 * Generic receivers get the attempt id as `Idempotency-Key` and can drop duplicates themselves.
 */
export class WebhookConnector implements PlatformConnector {
  readonly platform = 'webhook' as const;
  readonly oauth = null;
  readonly capabilities: ConnectorCapabilities = {
    asyncPublish: false,
    postMetrics: false,
    accountMetrics: false,
    reconciliation: false,
  };
  private readonly clock: Clock;
  private readonly clients: Record<WebhookKind, PlatformHttpClient>;

  constructor(options: WebhookConnectorOptions = {}) {
    this.clock = options.clock ?? systemClock;
    const client = (kind: WebhookKind): PlatformHttpClient =>
      new PlatformHttpClient({
        platform: 'webhook',
        classify: classifyWebhookError(kind),
        clock: this.clock,
        timeoutMs: options.timeoutMs,
        fetch: options.fetch,
      });
    this.clients = { slack: client('slack'), discord: client('discord'), generic: client('generic') };
  }

  /** Validates a target typed in by a user and turns it into an account to connect. */
  connect(input: { kind: string; url: string; signingSecret?: string | null }): ConnectableAccount {
    const target = validateWebhookTarget(input);
    return {
      externalId: webhookExternalId(target),
      handle: `${target.kind}:${new URL(target.url).host}`,
      displayName: null,
      tokens: webhookTokens(target),
    };
  }

  async profile(credentials: AccountCredentials): Promise<Profile> {
    const target = webhookTargetFromTokens(credentials.tokens);
    const base: Profile = {
      externalId: webhookExternalId(target),
      handle: `${target.kind}:${new URL(target.url).host}`,
      displayName: null,
      url: null,
      avatarUrl: null,
    };
    if (target.kind !== 'discord') return base;
    // Discord can describe a webhook from its URL alone, which also proves it still exists.
    return this.clients.discord.json({ method: 'GET', url: target.url }, (body) => ({
      ...base,
      displayName: body.optionalString('name'),
    }));
  }

  validate(post: RenderedPost): void {
    validateForPlatform(post, PLATFORM_RULES.webhook);
  }

  async publish(credentials: AccountCredentials, request: PublishRequest): Promise<PublishResult> {
    const target = webhookTargetFromTokens(credentials.tokens);
    this.validate(request.post);
    switch (target.kind) {
      case 'slack':
        return this.publishSlack(target, request);
      case 'discord':
        return this.publishDiscord(target, request);
      case 'generic':
        return this.publishGeneric(target, request);
    }
  }

  private async publishSlack(
    target: WebhookTarget,
    { attemptId, post }: PublishRequest,
  ): Promise<PublishResult> {
    const others = post.media.filter((m) => m.type !== 'image');
    const text = [post.text, ...others.map((m) => m.url)].filter((t) => t !== '').join('\n');
    if (text.length > SLACK_MAX_TEXT) {
      throw this.tooLong('Slack', SLACK_MAX_TEXT, text.length);
    }
    const images = post.media.filter((m) => m.type === 'image');
    const body =
      images.length === 0
        ? { text }
        : {
            text,
            blocks: [
              ...(text === '' ? [] : [{ type: 'section', text: { type: 'mrkdwn', text } }]),
              ...images.map((m) => ({ type: 'image', image_url: m.url, alt_text: m.altText ?? 'image' })),
            ],
          };
    const response = await this.clients.slack.send({
      method: 'POST',
      url: target.url,
      body: { kind: 'json', value: body },
    });
    if (response.text.trim() !== 'ok') {
      throw new PlatformError({
        kind: 'transient',
        platform: 'webhook',
        reason: `Slack answered ${response.status} with "${response.text.slice(0, 80)}" instead of "ok"`,
        platformStatus: response.status,
        outcomeUnknown: true,
      });
    }
    // Slack gives no message id; the attempt id is the only stable reference there is.
    return { status: 'published', platformPostId: attemptId, url: null };
  }

  private async publishDiscord(target: WebhookTarget, { post }: PublishRequest): Promise<PublishResult> {
    if (post.text.length > DISCORD_MAX_CONTENT)
      throw this.tooLong('Discord', DISCORD_MAX_CONTENT, post.text.length);
    const images = post.media
      .filter((m) => m.type === 'image' || m.type === 'gif')
      .slice(0, DISCORD_MAX_EMBEDS);
    const others = post.media.filter((m) => !images.includes(m));
    const content = [post.text, ...others.map((m) => m.url)].filter((t) => t !== '').join('\n');
    if (content.length > DISCORD_MAX_CONTENT)
      throw this.tooLong('Discord', DISCORD_MAX_CONTENT, content.length);
    const url = new URL(target.url);
    url.searchParams.set('wait', 'true');
    return this.clients.discord.json(
      {
        method: 'POST',
        url: url.toString(),
        body: {
          kind: 'json',
          value: {
            content,
            embeds: images.map((m) => ({
              image: { url: m.url },
              ...(m.altText ? { description: m.altText } : {}),
            })),
            // Post text must never ping @everyone or roles just because it contains the words.
            allowed_mentions: { parse: [] },
          },
        },
      },
      (body) => {
        const id = body.string('id');
        const guild = body.optionalString('guild_id');
        const channel = body.optionalString('channel_id');
        return {
          status: 'published' as const,
          platformPostId: id,
          url: guild && channel ? `https://discord.com/channels/${guild}/${channel}/${id}` : null,
        };
      },
    );
  }

  private async publishGeneric(
    target: WebhookTarget,
    { attemptId, post }: PublishRequest,
  ): Promise<PublishResult> {
    const now = this.clock.now();
    const payload = JSON.stringify({
      id: attemptId,
      type: 'herald.post',
      sentAt: now.toISOString(),
      post: {
        text: post.text,
        title: post.title,
        media: post.media.map((m) => ({
          url: m.url,
          type: m.type,
          mimeType: m.mimeType,
          altText: m.altText,
        })),
      },
    });
    const timestamp = Math.floor(now.getTime() / 1000);
    const headers: Record<string, string> = {
      'idempotency-key': attemptId,
      [TIMESTAMP_HEADER]: String(timestamp),
    };
    if (target.signingSecret !== null)
      headers[SIGNATURE_HEADER] = signWebhookBody(target.signingSecret, timestamp, payload);
    const response = await this.clients.generic.send({
      method: 'POST',
      url: target.url,
      headers,
      body: { kind: 'text', value: payload, contentType: 'application/json' },
    });
    const receipt = this.genericReceipt(response);
    return { status: 'published', platformPostId: receipt.id ?? attemptId, url: receipt.url };
  }

  /** A receiver may answer `{ "id": …, "url": … }`; anything else still counts as delivered (2xx). */
  private genericReceipt(response: PlatformResponse): { id: string | null; url: string | null } {
    try {
      const body: unknown = JSON.parse(response.text);
      if (typeof body !== 'object' || body === null) return { id: null, url: null };
      const record = body as Record<string, unknown>;
      return {
        id: typeof record.id === 'string' && record.id !== '' ? record.id : null,
        url: typeof record.url === 'string' ? record.url : null,
      };
    } catch {
      return { id: null, url: null };
    }
  }

  private tooLong(name: string, limit: number, actual: number): PlatformError {
    return new PlatformError({
      kind: 'rejected',
      platform: 'webhook',
      reason: `${name} webhooks take at most ${limit} characters; this message has ${actual}`,
    });
  }

  async publishStatus(): Promise<PublishResult> {
    throw this.notSupported('Webhook posts are never processed asynchronously.');
  }

  async postMetrics(): Promise<PostMetricsReading> {
    throw this.notSupported('Webhooks report no post metrics.');
  }

  async accountMetrics(): Promise<AccountMetrics> {
    throw this.notSupported('Webhooks report no account metrics.');
  }

  async recentPosts(_credentials: AccountCredentials, _query: RecentPostsQuery): Promise<RecentPostsLookup> {
    return {
      supported: false,
      reason:
        'Webhooks cannot list what they posted (Slack returns no message id), so an unknown outcome stays unknown.',
    };
  }

  private notSupported(message: string): HeraldError {
    return new HeraldError('PLATFORM.NOT_SUPPORTED', message, { platform: 'webhook' });
  }
}
