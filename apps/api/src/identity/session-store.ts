import { createHash, randomBytes } from 'node:crypto';
import { HeraldError } from '@herald/shared-kernel';
import type { Collection, ReadStore } from '@herald/read-store';

export const SESSIONS_COLLECTION = 'authSessions';
export const REFRESH_TOKENS_COLLECTION = 'authRefreshTokens';
export const REFRESH_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type RevocationReason = 'logout' | 'revoked' | 'reuse_detected';

/** One signed-in device: the family of every refresh token rotated from its first login. */
export interface SessionDocument {
  _id: string;
  userId: string;
  organizationId: string | null;
  createdAt: string;
  lastUsedAt: string;
  /** Sliding: each rotation pushes it out, so an idle session ends after REFRESH_TOKEN_TTL_MS. */
  expiresAt: string;
  revokedAt: string | null;
  revokedReason: RevocationReason | null;
  ip: string | null;
  userAgent: string | null;
}

interface RefreshTokenDocument {
  /** sha256 of the token: a leaked read store gives no usable token. */
  _id: string;
  sessionId: string;
  userId: string;
  issuedAt: string;
  status: 'active' | 'rotated' | 'revoked';
}

export interface OpenedSession {
  readonly session: SessionDocument;
  readonly refreshToken: string;
}

export interface SessionOrigin {
  readonly ip?: string;
  readonly userAgent?: string;
}

/**
 * Refresh-token sessions in the read store: the embedded file in one-process mode, MongoDB in
 * production, where every API replica must see the same sessions (a per-replica SQLite file
 * would not). They are not read models: nothing in the event log rebuilds them, so wiping the
 * store signs everyone out, which is the safe failure.
 *
 * Rotation is a compare-and-set on the presented token's status (`active` → `rotated`), atomic
 * on a single document in both adapters: of two requests racing with one token, exactly one
 * wins and the other is treated as reuse.
 */
export class SessionStore {
  private readonly sessions: Collection<SessionDocument>;
  private readonly tokens: Collection<RefreshTokenDocument>;

  constructor(readStore: ReadStore) {
    this.sessions = readStore.collection<SessionDocument>(SESSIONS_COLLECTION);
    this.tokens = readStore.collection<RefreshTokenDocument>(REFRESH_TOKENS_COLLECTION);
  }

  async setup(): Promise<void> {
    await this.sessions.createIndex({ fields: { userId: 1, createdAt: -1 } });
    await this.tokens.createIndex({ fields: { sessionId: 1 } });
  }

  async open(
    sessionId: string,
    userId: string,
    organizationId: string | null,
    origin: SessionOrigin,
    now: Date,
  ): Promise<OpenedSession> {
    const session: SessionDocument = {
      _id: sessionId,
      userId,
      organizationId,
      createdAt: now.toISOString(),
      lastUsedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS).toISOString(),
      revokedAt: null,
      revokedReason: null,
      ip: origin.ip ?? null,
      userAgent: origin.userAgent ?? null,
    };
    await this.sessions.insertOne(session);
    return { session, refreshToken: await this.issueToken(session, now) };
  }

  /**
   * Exchanges a refresh token for a new one. A token already exchanged means two parties hold
   * the family (the user and a thief, or a retried request): the whole family is revoked.
   */
  async rotate(refreshToken: string, origin: SessionOrigin, now: Date): Promise<OpenedSession> {
    const tokenHash = hashToken(refreshToken);
    const won = await this.tokens.updateOne(
      { _id: tokenHash, status: 'active' },
      { $set: { status: 'rotated' } },
    );
    if (won.matched !== 1) {
      const known = await this.tokens.findOne({ _id: tokenHash });
      if (known?.status === 'rotated') {
        await this.revoke(known.sessionId, 'reuse_detected', now);
        throw new HeraldError(
          'AUTH.REFRESH_TOKEN_REUSED',
          'This refresh token was already used; the session has been revoked for safety. Sign in again.',
          { sessionId: known.sessionId },
        );
      }
      throw invalidRefreshToken();
    }
    const token = await this.tokens.findOne({ _id: tokenHash });
    const session = token === null ? null : await this.sessions.findOne({ _id: token.sessionId });
    if (session === null || !isLive(session, now)) throw invalidRefreshToken();
    const touched: SessionDocument = {
      ...session,
      lastUsedAt: now.toISOString(),
      expiresAt: new Date(now.getTime() + REFRESH_TOKEN_TTL_MS).toISOString(),
      ip: origin.ip ?? session.ip,
      userAgent: origin.userAgent ?? session.userAgent,
    };
    const updated = await this.sessions.updateOne(
      { _id: session._id, revokedAt: null },
      {
        $set: {
          lastUsedAt: touched.lastUsedAt,
          expiresAt: touched.expiresAt,
          ip: touched.ip,
          userAgent: touched.userAgent,
        },
      },
    );
    // Revoked between the two reads (a logout racing this refresh): the logout wins.
    if (updated.matched !== 1) throw invalidRefreshToken();
    return { session: touched, refreshToken: await this.issueToken(touched, now) };
  }

  async switchOrganization(sessionId: string, organizationId: string): Promise<void> {
    await this.sessions.updateOne({ _id: sessionId, revokedAt: null }, { $set: { organizationId } });
  }

  /** The session when it can still be used; null when unknown, revoked or expired. */
  async live(sessionId: string, now: Date): Promise<SessionDocument | null> {
    const session = await this.sessions.findOne({ _id: sessionId });
    return session !== null && isLive(session, now) ? session : null;
  }

  async listLive(userId: string, now: Date): Promise<SessionDocument[]> {
    const sessions = await this.sessions.find(
      { userId, revokedAt: null, expiresAt: { $gt: now.toISOString() } },
      { sort: { createdAt: -1 } },
    );
    return sessions;
  }

  async revoke(sessionId: string, reason: RevocationReason, now: Date): Promise<boolean> {
    const result = await this.sessions.updateOne(
      { _id: sessionId, revokedAt: null },
      { $set: { revokedAt: now.toISOString(), revokedReason: reason } },
    );
    await this.tokens.updateMany({ sessionId, status: 'active' }, { $set: { status: 'revoked' } });
    return result.matched === 1;
  }

  /** Every live session of the user (a password reset: whoever had the old password is out). */
  async revokeAllOf(userId: string, reason: RevocationReason, now: Date): Promise<number> {
    const live = await this.sessions.find({ userId, revokedAt: null });
    for (const session of live) await this.revoke(session._id, reason, now);
    return live.length;
  }

  /** The session of a user, or null: another user's session id reads as unknown. */
  async ownedBy(sessionId: string, userId: string): Promise<SessionDocument | null> {
    return this.sessions.findOne({ _id: sessionId, userId });
  }

  private async issueToken(session: SessionDocument, now: Date): Promise<string> {
    // 256 random bits: guessing one is hopeless, so a fast hash (not a password hash) suffices.
    const token = randomBytes(32).toString('base64url');
    await this.tokens.insertOne({
      _id: hashToken(token),
      sessionId: session._id,
      userId: session.userId,
      issuedAt: now.toISOString(),
      status: 'active',
    });
    return token;
  }
}

function isLive(session: SessionDocument, now: Date): boolean {
  return session.revokedAt === null && Date.parse(session.expiresAt) > now.getTime();
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

const invalidRefreshToken = (): HeraldError =>
  new HeraldError(
    'AUTH.REFRESH_TOKEN_INVALID',
    'This refresh token is unknown, expired or revoked; sign in again.',
  );
