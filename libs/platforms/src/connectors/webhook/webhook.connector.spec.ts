import { FixedClock, HeraldError } from '@herald/shared-kernel';
import type { AccountCredentials } from '../../connector.port';
import { FakePlatformServer, mediaItem, platformFailure, renderedPost } from '../../testing';
import { WebhookConnector } from './webhook.connector';
import { verifyWebhookSignature } from './webhook-signature';

const now = new Date('2026-11-24T10:00:00.000Z');
const attemptId = '0193a5c0-0000-7000-8000-000000000001';

describe(WebhookConnector.name, () => {
  let server: FakePlatformServer;
  const sut = new WebhookConnector({ clock: new FixedClock(now), timeoutMs: 10_000 });
  const credentials = (
    kind: string,
    path: string,
    signingSecret: string | null = null,
  ): AccountCredentials => {
    const account = sut.connect({ kind, url: `${server.url}${path}`, signingSecret });
    return { externalId: account.externalId, tokens: account.tokens };
  };

  beforeAll(async () => {
    server = await FakePlatformServer.start();
  });
  afterAll(() => server.close());
  beforeEach(() => server.reset());

  describe('Slack', () => {
    const path = '/services/T000/B000/XXXX';

    it('posts the text and answers with the attempt id (Slack returns none) when Slack says "ok"', async () => {
      server.on('POST', path, { body: 'ok', headers: { 'content-type': 'text/html' } });
      const result = await sut.publish(credentials('slack', path), {
        attemptId,
        post: renderedPost('webhook', { text: 'Hello *team*' }),
      });
      expect(result).toEqual({ status: 'published', platformPostId: attemptId, url: null });
      expect(server.requests).toHaveLength(1);
      expect(server.requests[0].headers['content-type']).toBe('application/json');
      expect(server.requests[0].json()).toEqual({ text: 'Hello *team*' });
    });

    it('shows images as image blocks and links other media', async () => {
      server.on('POST', path, { body: 'ok' });
      const post = renderedPost('webhook', {
        text: 'New video',
        media: [
          mediaItem({ url: 'https://cdn.example.com/a.png', altText: 'A chart' }),
          mediaItem({ url: 'https://cdn.example.com/v.mp4', type: 'video', mimeType: 'video/mp4' }),
        ],
      });
      await sut.publish(credentials('slack', path), { attemptId, post });
      expect(server.requests[0].json()).toEqual({
        text: 'New video\nhttps://cdn.example.com/v.mp4',
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: 'New video\nhttps://cdn.example.com/v.mp4' } },
          { type: 'image', image_url: 'https://cdn.example.com/a.png', alt_text: 'A chart' },
        ],
      });
    });

    it('classifies Slack errors: a removed webhook needs a new one, a bad payload is rejected, 429 waits', async () => {
      server.on(
        'POST',
        path,
        { status: 404, body: 'no_service' },
        { status: 400, body: 'invalid_payload' },
        {
          status: 429,
          headers: { 'retry-after': '30' },
          body: 'rate_limited',
        },
      );
      const creds = credentials('slack', path);
      const post = renderedPost('webhook');
      expect(await platformFailure(sut.publish(creds, { attemptId, post }))).toMatchObject({
        kind: 'needs_reconnect',
        reason: 'no_service',
        platformStatus: 404,
      });
      expect(await platformFailure(sut.publish(creds, { attemptId, post }))).toMatchObject({
        kind: 'rejected',
        platformCode: 'invalid_payload',
      });
      expect(await platformFailure(sut.publish(creds, { attemptId, post }))).toMatchObject({
        kind: 'rate_limited',
        retryAfterMs: 30_000,
      });
    });

    it('treats a 5xx, a timeout or an answer other than "ok" as transient with an unknown outcome', async () => {
      const creds = credentials('slack', path);
      const post = renderedPost('webhook');
      server.on(
        'POST',
        path,
        { status: 502, body: 'bad gateway' },
        { status: 200, body: '<html>proxy</html>' },
        { delayMs: 5_000, body: 'ok' },
      );
      for (let i = 0; i < 2; i++) {
        expect(await platformFailure(sut.publish(creds, { attemptId, post }))).toMatchObject({
          kind: 'transient',
          outcomeUnknown: true,
        });
      }
      const impatient = new WebhookConnector({ clock: new FixedClock(now), timeoutMs: 300 });
      expect(await platformFailure(impatient.publish(creds, { attemptId, post }))).toMatchObject({
        kind: 'transient',
        outcomeUnknown: true,
      });
    });

    it('cannot reconcile: recent posts are reported as unsupported, so an unknown outcome stays unknown', async () => {
      const lookup = await sut.recentPosts(credentials('slack', path), { since: now, limit: 10 });
      expect(lookup).toEqual({ supported: false, reason: expect.stringContaining('cannot list') });
      expect(sut.capabilities.reconciliation).toBe(false);
    });
  });

  describe('Discord', () => {
    const path = '/api/webhooks/123/tok';

    it('executes the webhook with wait=true, no mass mentions, images as embeds, and returns the message id and link', async () => {
      server.on('POST', path, { json: { id: '998877', channel_id: '555', guild_id: '444', content: 'x' } });
      const post = renderedPost('webhook', {
        text: '@everyone launch',
        media: [mediaItem({ url: 'https://cdn.example.com/a.png', altText: 'Logo' })],
      });
      const result = await sut.publish(credentials('discord', path), { attemptId, post });
      expect(result).toEqual({
        status: 'published',
        platformPostId: '998877',
        url: 'https://discord.com/channels/444/555/998877',
      });
      const [request] = server.requests;
      expect(request.query).toEqual({ wait: 'true' });
      expect(request.json()).toEqual({
        content: '@everyone launch',
        embeds: [{ image: { url: 'https://cdn.example.com/a.png' }, description: 'Logo' }],
        allowed_mentions: { parse: [] },
      });
    });

    it('refuses text over 2,000 characters before calling Discord', async () => {
      const error = await platformFailure(
        sut.publish(credentials('discord', path), {
          attemptId,
          post: renderedPost('webhook', { text: 'a'.repeat(2001) }),
        }),
      );
      expect(error).toMatchObject({
        kind: 'rejected',
        reason: 'Discord webhooks take at most 2000 characters; this message has 2001',
      });
      expect(server.requests).toHaveLength(0);
    });

    it('classifies an unknown webhook as needing a reconnect and reads retry_after from the body', async () => {
      server.on(
        'POST',
        path,
        { status: 404, json: { message: 'Unknown Webhook', code: 10015 } },
        { status: 429, json: { message: 'You are being rate limited.', retry_after: 1.5, global: false } },
      );
      const creds = credentials('discord', path);
      expect(
        await platformFailure(sut.publish(creds, { attemptId, post: renderedPost('webhook') })),
      ).toMatchObject({
        kind: 'needs_reconnect',
        reason: 'Unknown Webhook',
        platformCode: '10015',
      });
      expect(
        await platformFailure(sut.publish(creds, { attemptId, post: renderedPost('webhook') })),
      ).toMatchObject({ kind: 'rate_limited', retryAfterMs: 1500 });
    });

    it('reads the webhook name for the profile, proving the webhook exists', async () => {
      server.on('GET', path, { json: { id: '123', name: 'Announcements', channel_id: '555' } });
      const profile = await sut.profile(credentials('discord', path));
      expect(profile).toMatchObject({
        displayName: 'Announcements',
        handle: expect.stringMatching(/^discord:127\.0\.0\.1:\d+$/),
      });
    });

    it('returns a malformed success body as transient with an unknown outcome (the message may exist)', async () => {
      server.on('POST', path, { body: '{"id": ' });
      expect(
        await platformFailure(
          sut.publish(credentials('discord', path), { attemptId, post: renderedPost('webhook') }),
        ),
      ).toMatchObject({
        kind: 'transient',
        outcomeUnknown: true,
      });
    });
  });

  describe('generic JSON', () => {
    const path = '/hooks/herald';
    const secret = 'a-signing-secret-of-32-characters';

    it('signs timestamp and body with HMAC-SHA256 and sends the attempt id as Idempotency-Key', async () => {
      server.on('POST', path, {
        status: 202,
        json: { id: 'rcv-1', url: 'https://intranet.example.com/posts/rcv-1' },
      });
      const post = renderedPost('webhook', { text: 'Hi', title: 'T', media: [mediaItem()] });
      const result = await sut.publish(credentials('generic', path, secret), { attemptId, post });
      expect(result).toEqual({
        status: 'published',
        platformPostId: 'rcv-1',
        url: 'https://intranet.example.com/posts/rcv-1',
      });
      const [request] = server.requests;
      expect(request.headers).toMatchObject({
        'content-type': 'application/json',
        'idempotency-key': attemptId,
        'x-herald-timestamp': String(now.getTime() / 1000),
      });
      expect(request.json()).toEqual({
        id: attemptId,
        type: 'herald.post',
        sentAt: now.toISOString(),
        post: {
          text: 'Hi',
          title: 'T',
          media: [
            { url: 'https://cdn.example.com/a.png', type: 'image', mimeType: 'image/png', altText: null },
          ],
        },
      });
      const check = (body: string, s = secret) =>
        verifyWebhookSignature({
          secret: s,
          signature: request.headers['x-herald-signature'],
          timestamp: request.headers['x-herald-timestamp'],
          body,
          now,
        });
      expect(request.headers['x-herald-signature']).toMatch(/^sha256=[0-9a-f]{64}$/);
      expect(check(request.text)).toBe(true);
      expect(check(request.text.replace('Hi', 'Ho'))).toBe(false);
      expect(check(request.text, 'another-secret-of-some-length')).toBe(false);
    });

    it('sends no signature without a secret and falls back to the attempt id when the receiver returns none', async () => {
      server.on('POST', path, { status: 204 });
      const result = await sut.publish(credentials('generic', path), {
        attemptId,
        post: renderedPost('webhook'),
      });
      expect(result).toEqual({ status: 'published', platformPostId: attemptId, url: null });
      expect(server.requests[0].headers['x-herald-signature']).toBeUndefined();
    });

    it('treats 410 Gone as a dead target and 401 as a refusal (there is no token to refresh)', async () => {
      server.on('POST', path, { status: 410, body: 'gone' }, { status: 401, body: 'bad signature' });
      const creds = credentials('generic', path, secret);
      expect(
        (await platformFailure(sut.publish(creds, { attemptId, post: renderedPost('webhook') }))).kind,
      ).toBe('needs_reconnect');
      expect(
        (await platformFailure(sut.publish(creds, { attemptId, post: renderedPost('webhook') }))).kind,
      ).toBe('rejected');
    });
  });

  describe('targets', () => {
    const code = (fn: () => unknown): string => {
      try {
        fn();
      } catch (error) {
        if (error instanceof HeraldError) return `${error.code} ${String(error.details.field)}`;
      }
      return 'no error';
    };

    it('requires https except on loopback, a known kind, and a signing secret only on generic targets', () => {
      expect(code(() => sut.connect({ kind: 'slack', url: 'http://hooks.example.com/x' }))).toBe(
        'PLATFORM.INVALID_WEBHOOK_TARGET url',
      );
      expect(code(() => sut.connect({ kind: 'teams', url: 'https://example.com/x' }))).toBe(
        'PLATFORM.INVALID_WEBHOOK_TARGET kind',
      );
      expect(
        code(() =>
          sut.connect({ kind: 'slack', url: 'https://hooks.example.com/x', signingSecret: 'a'.repeat(20) }),
        ),
      ).toBe('PLATFORM.INVALID_WEBHOOK_TARGET signingSecret');
      expect(
        code(() => sut.connect({ kind: 'generic', url: 'https://example.com/x', signingSecret: 'short' })),
      ).toBe('PLATFORM.INVALID_WEBHOOK_TARGET signingSecret');
      expect(code(() => sut.connect({ kind: 'generic', url: 'http://127.0.0.1:9/x' }))).toBe('no error');
    });

    it('keeps the URL out of the external id and handle (the URL is the credential)', () => {
      const account = sut.connect({
        kind: 'slack',
        url: 'https://hooks.slack.com/services/T1/B2/secret-part',
      });
      expect(account.externalId).toMatch(/^[0-9a-f]{32}$/);
      expect(account.handle).toBe('slack:hooks.slack.com');
      expect(JSON.stringify([account.externalId, account.handle])).not.toContain('secret-part');
    });

    it('has no metrics', async () => {
      const creds = credentials('slack', '/x');
      await expect(sut.postMetrics()).rejects.toMatchObject({ code: 'PLATFORM.NOT_SUPPORTED' });
      await expect(sut.accountMetrics()).rejects.toMatchObject({ code: 'PLATFORM.NOT_SUPPORTED' });
      expect(creds.tokens.refreshToken).toBeNull();
    });
  });
});
