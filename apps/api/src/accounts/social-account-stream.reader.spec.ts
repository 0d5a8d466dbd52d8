import { credentialSubjectId } from '@herald/accounts';
import { erasedValue } from '@herald/event-store';
import { foldAccountStream, type StreamEvent } from './social-account-stream.reader';

const ACCOUNT = '0190f1a2-0000-7000-8000-000000000001';
const ORG = '0190f1a2-0000-7000-8000-0000000000aa';
const AT = '2026-11-24T10:00:00.000Z';

const event = (type: string, data: Record<string, unknown>): StreamEvent => ({
  type,
  schemaVersion: 1,
  data: { accountId: ACCOUNT, ...data },
  metadata: { tenantId: ORG },
});

const connected = (accessToken: unknown, refreshToken: unknown): StreamEvent =>
  event('socialAccount.connected', {
    organizationId: ORG,
    platform: 'x',
    externalId: '1001',
    handle: 'heraldhq',
    displayName: null,
    scopes: ['tweet.write'],
    tokenExpiresAt: '2026-11-24T12:00:00.000Z',
    generation: 1,
    credentials: { subjectId: credentialSubjectId(ACCOUNT, 1), accessToken, refreshToken },
    connectedBy: 'user-1',
    connectedAt: AT,
  });

describe(foldAccountStream.name, () => {
  it('keeps the tokens in force: a refresh without a refresh token keeps the previous one', () => {
    const sut = foldAccountStream([
      connected('at-1', 'rt-1'),
      event('socialAccount.tokensRefreshed', {
        scopes: ['tweet.write'],
        tokenExpiresAt: '2026-11-24T14:00:00.000Z',
        credentials: { subjectId: credentialSubjectId(ACCOUNT, 1), accessToken: 'at-2', refreshToken: null },
        refreshedAt: AT,
      }),
    ]);
    expect(sut.tenantId).toBe(ORG);
    expect(sut.state).toMatchObject({ status: 'active', account: { externalId: '1001', platform: 'x' } });
    expect(sut.tokens).toEqual({
      accessToken: 'at-2',
      refreshToken: 'rt-1',
      expiresAt: '2026-11-24T14:00:00.000Z',
      scopes: ['tweet.write'],
    });
  });

  it('has no tokens once their key is forgotten (erased values are not strings)', () => {
    const erased = erasedValue(credentialSubjectId(ACCOUNT, 1));
    expect(foldAccountStream([connected(erased, erased)]).tokens).toBeNull();
  });

  it('knows nothing of a stream that does not exist', () => {
    expect(foldAccountStream([])).toEqual({ state: { status: 'none' }, tenantId: null, tokens: null });
  });
});
