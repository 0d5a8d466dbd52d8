import type { AccountCredentials, RecentPost, RecentPostsLookup } from './connector.port';
import { WebhookConnector } from './connectors/webhook/webhook.connector';
import { normalizeForMatch, reconcileAttempt } from './reconcile';

const credentials: AccountCredentials = {
  externalId: '1',
  tokens: { accessToken: 't', refreshToken: null, expiresAt: null, scopes: [] },
};
const startedAt = new Date('2026-11-24T10:00:00.000Z');

function connectorListing(posts: RecentPost[]): WebhookConnector {
  const connector = new WebhookConnector();
  connector.recentPosts = async (): Promise<RecentPostsLookup> => ({ supported: true, posts });
  return connector;
}

const post = (text: string, createdAt = '2026-11-24T10:00:02.000Z', id = '9'): RecentPost => ({
  platformPostId: id,
  url: `https://x.com/i/web/status/${id}`,
  text,
  createdAt,
});

describe(reconcileAttempt.name, () => {
  it('finds the post the lost answer was about, even with links shortened and & escaped', async () => {
    const sut = connectorListing([post('Other'), post('Fish & chips at https://t.co/abc', undefined, '10')]);
    expect(
      await reconcileAttempt(sut, credentials, {
        startedAt,
        text: 'Fish & chips at https://example.com/menu?x=1',
      }),
    ).toEqual({
      outcome: 'published',
      platformPostId: '10',
      url: 'https://x.com/i/web/status/10',
    });
    expect(normalizeForMatch('Fish &amp; chips\n\nat https://t.co/abc ')).toBe('Fish & chips at <link>');
  });

  it('says not published when nothing matches, ignoring matching posts older than the attempt', async () => {
    const sut = connectorListing([post('Hello', '2026-11-24T09:00:00.000Z')]);
    expect(await reconcileAttempt(sut, credentials, { startedAt, text: 'Hello' })).toEqual({
      outcome: 'not_published',
    });
  });

  it('stays unknown when several posts match', async () => {
    const sut = connectorListing([post('Hello', undefined, '1'), post('Hello', undefined, '2')]);
    expect(await reconcileAttempt(sut, credentials, { startedAt, text: 'Hello' })).toMatchObject({
      outcome: 'unknown',
    });
  });

  it('stays unknown for platforms that cannot list posts (Slack), never "not published"', async () => {
    expect(
      await reconcileAttempt(new WebhookConnector(), credentials, { startedAt, text: 'Hello' }),
    ).toMatchObject({ outcome: 'unknown' });
  });
});
