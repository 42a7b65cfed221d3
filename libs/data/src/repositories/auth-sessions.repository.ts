import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { AuthSessionEntity } from '../entities/auth-session.entity.js';
import { RefreshTokenEntity } from '../entities/refresh-token.entity.js';
import type { UserEntity } from '../entities/user.entity.js';
import { isUniqueViolation } from './unique-violation.js';
import { type NewUser, UsersRepository } from './users.repository.js';

/** A refresh token as it is stored: its SHA-256 (never the token) and when it stops working. */
export interface NewRefreshToken {
  tokenHash: string;
  expiresAt: Date;
}

export type SessionEndReason = 'logout' | 'refresh_token_reused' | 'account_disabled';

/** A sign-in that opened a session: the account and the session its tokens belong to. */
export interface OpenedSession {
  user: UserEntity;
  sessionId: string;
}

/**
 * What presenting a refresh token came to: `invalid` (unknown, expired, or its session is revoked), `reused`
 * (it was spent before: the session is now revoked), `disabled` (its account is disabled), or `rotated`
 * (spent, and the next token stored).
 */
export type RefreshOutcome = { kind: 'invalid' } | { kind: 'disabled' } | { kind: 'reused'; sessionId: string; userId: string } | ({ kind: 'rotated' } & OpenedSession);

/**
 * Sign-in sessions (`auth_sessions`) and the rotating refresh tokens of each (`refresh_tokens`): a session is
 * a token family, so revoking it refuses every token it issued. Each method is one transaction.
 */
export class AuthSessionsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /** A new account and its first session, together or not at all; null when the email is taken. */
  async signUp(user: NewUser, token: NewRefreshToken): Promise<OpenedSession | null> {
    try {
      return await this.db.transaction(async (tx) => {
        const created = await new UsersRepository(tx).create(user);
        return { user: created, sessionId: await open(tx, created.id, token) };
      });
    } catch (err) {
      if (isUniqueViolation(err)) return null;
      throw err;
    }
  }

  /** A session for an existing account; `rehashedPassword` (an upgraded hash of the same password) is stored with it. */
  signIn(user: UserEntity, token: NewRefreshToken, rehashedPassword?: string | null): Promise<OpenedSession> {
    return this.db.transaction(async (tx) => {
      if (rehashedPassword) await new UsersRepository(tx).setPasswordHash(user.id, rehashedPassword);
      return { user, sessionId: await open(tx, user.id, token) };
    });
  }

  /**
   * Spends the presented token and stores `next` in its session. Presenting a spent token means it was copied:
   * the whole session is revoked. An expired token is spent all the same (and refused).
   */
  rotate(presentedHash: string, next: NewRefreshToken): Promise<RefreshOutcome> {
    return this.db.transaction(async (tx): Promise<RefreshOutcome> => {
      const tokens = tx.getRepository(RefreshTokenEntity);
      const sessions = tx.getRepository(AuthSessionEntity);
      const token = await tokens.findOneBy({ tokenHash: presentedHash });
      if (!token) return { kind: 'invalid' };
      const session = await sessions.createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id: token.sessionId }).getOne();
      if (!session) return { kind: 'invalid' };
      // Disabling an account revoked its sessions: say why, rather than "invalid".
      if (session.revokedAt) return (await new UsersRepository(tx).findById(session.userId))?.disabledAt ? { kind: 'disabled' } : { kind: 'invalid' };

      // Spend the token; only one of two racing refreshes can do this, the other is a reuse.
      const spent = await tokens.update({ id: token.id, usedAt: IsNull() }, { usedAt: new Date() });
      if (token.usedAt || !spent.affected) {
        await sessions.update({ id: session.id }, { revokedAt: new Date(), revokedReason: 'refresh_token_reused' });
        return { kind: 'reused', sessionId: session.id, userId: session.userId };
      }
      if (token.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' };

      const user = await new UsersRepository(tx).findById(session.userId);
      // The foreign key cascades a deleted user's sessions away, so a live session always has its user.
      if (!user) throw new Error(`session ${session.id} has no user ${session.userId}`);
      if (user.disabledAt) return { kind: 'disabled' };
      await tokens.insert({ sessionId: session.id, ...next });
      return { kind: 'rotated', user, sessionId: session.id };
    });
  }

  /** Revokes a live session; false when it was revoked already (or never existed). */
  async revoke(sessionId: string, reason: SessionEndReason): Promise<boolean> {
    const res = await this.db.getRepository(AuthSessionEntity).update({ id: sessionId, revokedAt: IsNull() }, { revokedAt: new Date(), revokedReason: reason });
    return Boolean(res.affected);
  }
}

async function open(tx: EntityManager, userId: string, token: NewRefreshToken): Promise<string> {
  const sessions = tx.getRepository(AuthSessionEntity);
  const session = await sessions.save(sessions.create({ userId }));
  await tx.getRepository(RefreshTokenEntity).insert({ sessionId: session.id, ...token });
  return session.id;
}
