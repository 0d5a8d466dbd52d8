import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { HeraldError } from '@herald/shared-kernel';

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = 'herald';
const AUDIENCE = 'herald-api';
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** What an access token vouches for. The role is not in it: it is read fresh on every request. */
export interface AccessClaims {
  readonly userId: string;
  readonly sessionId: string;
  /** The organization the user is acting in; null until they create, join or switch to one. */
  readonly organizationId: string | null;
}

export interface IssuedAccessToken {
  readonly token: string;
  readonly expiresAt: Date;
}

interface JwtPayload {
  iss: string;
  aud: string;
  sub: string;
  sid: string;
  org: string | null;
  iat: number;
  exp: number;
  jti: string;
}

/**
 * Short-lived HS256 JWTs. Hand-written rather than a library because the whole surface is this:
 * one algorithm, fixed header, constant-time signature check; `alg` from the token is never
 * trusted, so "none" or an RS/HS confusion cannot be smuggled in.
 */
export class AccessTokens {
  constructor(
    private readonly secret: Buffer,
    private readonly ttlSeconds: number = ACCESS_TOKEN_TTL_SECONDS,
  ) {
    if (secret.length < 32) throw new RangeError('the access-token secret needs at least 32 bytes');
  }

  issue(claims: AccessClaims, now: Date): IssuedAccessToken {
    const iat = Math.floor(now.getTime() / 1000);
    const payload: JwtPayload = {
      iss: ISSUER,
      aud: AUDIENCE,
      sub: claims.userId,
      sid: claims.sessionId,
      org: claims.organizationId,
      iat,
      exp: iat + this.ttlSeconds,
      jti: randomUUID(),
    };
    const body = `${HEADER}.${base64url(JSON.stringify(payload))}`;
    return { token: `${body}.${this.sign(body)}`, expiresAt: new Date(payload.exp * 1000) };
  }

  /** @throws HeraldError AUTH.UNAUTHENTICATED for anything but a valid, unexpired token of ours. */
  verify(token: string, now: Date): AccessClaims {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw unauthenticated('malformed');
    const expected = Buffer.from(this.sign(`${parts[0]}.${parts[1]}`));
    const given = Buffer.from(parts[2]);
    if (given.length !== expected.length || !timingSafeEqual(given, expected))
      throw unauthenticated('signature');
    const payload = parsePayload(parts[1]);
    if (payload === null || payload.iss !== ISSUER || payload.aud !== AUDIENCE)
      throw unauthenticated('claims');
    if (Math.floor(now.getTime() / 1000) >= payload.exp) throw unauthenticated('expired');
    return { userId: payload.sub, sessionId: payload.sid, organizationId: payload.org };
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}

function parsePayload(encoded: string): JwtPayload | null {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof raw !== 'object' || raw === null) return null;
  const p = raw as Record<string, unknown>;
  const strings = ['iss', 'aud', 'sub', 'sid', 'jti'].every(
    (key) => typeof p[key] === 'string' && p[key] !== '',
  );
  const numbers = Number.isInteger(p.iat) && Number.isInteger(p.exp);
  const org = p.org === null || (typeof p.org === 'string' && p.org !== '');
  return strings && numbers && org ? (p as unknown as JwtPayload) : null;
}

function base64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

/** The reason goes to `details` for logs and support; the message is the same for every cause. */
const unauthenticated = (reason: string): HeraldError =>
  new HeraldError(
    'AUTH.UNAUTHENTICATED',
    'Your session has expired or the access token is invalid; sign in again.',
    { reason },
  );
