import { createHmac } from 'node:crypto';
import { isHeraldError } from '@herald/shared-kernel';
import { ACCESS_TOKEN_TTL_SECONDS, AccessTokens } from './access-tokens';

const SECRET = Buffer.from('0123456789abcdef0123456789abcdef-test');
const NOW = new Date('2030-01-01T12:00:00.000Z');
const claims = { userId: 'user-1', sessionId: 'session-1', organizationId: 'org-1' };

function reasonOf(verify: () => unknown): unknown {
  try {
    verify();
  } catch (error) {
    if (isHeraldError(error, 'AUTH.UNAUTHENTICATED')) return error.details.reason;
    throw error;
  }
  return 'accepted';
}

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe(AccessTokens.name, () => {
  const sut = new AccessTokens(SECRET);

  it('verifies what it issued until the token expires', () => {
    const { token, expiresAt } = sut.issue(claims, NOW);
    expect(expiresAt.getTime() - NOW.getTime()).toBe(ACCESS_TOKEN_TTL_SECONDS * 1000);
    expect(sut.verify(token, new Date(expiresAt.getTime() - 1000))).toEqual(claims);
    expect(reasonOf(() => sut.verify(token, expiresAt))).toBe('expired');
  });

  it('keeps a null organization', () => {
    const { token } = sut.issue({ ...claims, organizationId: null }, NOW);
    expect(sut.verify(token, NOW).organizationId).toBeNull();
  });

  it('refuses a changed payload, another secret, and garbage', () => {
    const { token } = sut.issue(claims, NOW);
    const [header, payload, signature] = token.split('.');
    const tampered = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    tampered.org = 'org-2';
    expect(reasonOf(() => sut.verify(`${header}.${b64(tampered)}.${signature}`, NOW))).toBe('signature');
    expect(reasonOf(() => new AccessTokens(Buffer.alloc(40, 1)).verify(token, NOW))).toBe('signature');
    expect(reasonOf(() => sut.verify('not.a.jwt', NOW))).toBe('malformed');
    expect(reasonOf(() => sut.verify('', NOW))).toBe('malformed');
  });

  it('never trusts the algorithm named in the token ("none", other HMACs)', () => {
    const { token } = sut.issue(claims, NOW);
    const payload = token.split('.')[1];
    expect(reasonOf(() => sut.verify(`${b64({ alg: 'none', typ: 'JWT' })}.${payload}.`, NOW))).toBe(
      'malformed',
    );
    const hs512Header = b64({ alg: 'HS512', typ: 'JWT' });
    const hs512 = createHmac('sha512', SECRET).update(`${hs512Header}.${payload}`).digest('base64url');
    expect(reasonOf(() => sut.verify(`${hs512Header}.${payload}.${hs512}`, NOW))).toBe('malformed');
  });

  it('refuses a correctly signed token with foreign claims', () => {
    const header = b64({ alg: 'HS256', typ: 'JWT' });
    const body = `${header}.${b64({ iss: 'someone-else', aud: 'herald-api', sub: 'u', sid: 's', org: null, iat: 1, exp: 4102444800, jti: 'j' })}`;
    const signature = createHmac('sha256', SECRET).update(body).digest('base64url');
    expect(reasonOf(() => sut.verify(`${body}.${signature}`, NOW))).toBe('claims');
  });

  it('needs a secret of at least 32 bytes', () => {
    expect(() => new AccessTokens(Buffer.alloc(16))).toThrow(RangeError);
  });
});
