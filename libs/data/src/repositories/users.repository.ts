import type { UserRole } from '@studio/contracts';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { UserEntity } from '../entities/user.entity.js';
import { containsPattern } from './like-pattern.js';

/** What a new account is stored with: the email (trimmed and lower-cased by the caller) and its password hash. */
export interface NewUser {
  email: string;
  passwordHash: string;
  /** The column's default (`user`) when left out; the first admin is made by `promote`. */
  role?: UserRole;
}

/** An account as an admin lists it: the row and how many projects it owns. */
export interface UserWithProjects {
  user: UserEntity;
  projects: number;
}

/** What disabling an account ended: its sign-in sessions and API keys (for the sockets to hear of it). */
export interface DisabledCredentials {
  sessionIds: string[];
  apiKeyIds: string[];
}

/**
 * The `users` table. Takes a DataSource, or the EntityManager of a transaction when the account is written
 * together with its first sign-in (AuthSessionsRepository).
 */
export class UsersRepository {
  private readonly users: Repository<UserEntity>;

  constructor(private readonly db: DataSource | EntityManager) {
    this.users = db.getRepository(UserEntity);
  }

  /** Inserts the account; a taken email fails with Postgres' unique violation (see `isUniqueViolation`). */
  create(user: NewUser): Promise<UserEntity> {
    return this.users.save(this.users.create(user));
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ email });
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOneBy({ id });
  }

  async setPasswordHash(id: string, passwordHash: string): Promise<void> {
    await this.users.update({ id }, { passwordHash });
  }

  /** Accounts whose email contains `q` (case-insensitive, `%` and `_` literal), oldest first, and how many match. */
  async page(q: string | undefined, limit: number, offset: number): Promise<{ users: UserWithProjects[]; total: number }> {
    const qb = this.users.createQueryBuilder('u');
    if (q) qb.where('u.email ILIKE :pattern', { pattern: containsPattern(q) });
    const [rows, total] = await qb.orderBy('u.created_at', 'ASC').addOrderBy('u.id', 'ASC').take(limit).skip(offset).getManyAndCount();
    const counts = await this.projectCounts(rows.map((u) => u.id));
    return { users: rows.map((user) => ({ user, projects: counts.get(user.id) ?? 0 })), total };
  }

  async withProjects(id: string): Promise<UserWithProjects | null> {
    const user = await this.findById(id);
    if (!user) return null;
    return { user, projects: (await this.projectCounts([id])).get(id) ?? 0 };
  }

  /** Sets the role; returns the one it replaced, or null when there is no such account. */
  async setRole(id: string, role: UserRole): Promise<{ previous: UserRole } | null> {
    const [rows] = (await this.db.query(
      `UPDATE users u SET role = $2, updated_at = now() FROM (SELECT id, role FROM users WHERE id = $1 FOR UPDATE) old WHERE u.id = old.id RETURNING old.role AS previous`,
      [id, role],
    )) as [{ previous: UserRole }[], number];
    return rows[0] ?? null;
  }

  /** `./studio admin grant|revoke`: the role of the account with this email; null when there is none. */
  async setRoleByEmail(email: string, role: UserRole): Promise<{ id: string; previous: UserRole } | null> {
    const user = await this.findByEmail(email.trim().toLowerCase());
    if (!user) return null;
    const changed = await this.setRole(user.id, role);
    return changed && { id: user.id, previous: changed.previous };
  }

  /**
   * ADMIN_EMAILS only bootstraps (README "Admin"): the accounts with these emails that are not admins become
   * admins, but only while no admin exists at all. Emails are not verified, so once there is an admin a
   * listed address is a plain account. The advisory lock serializes callers (two sign-ups racing, several
   * API processes booting), so the check and the update cannot interleave and only one batch ever wins.
   */
  promote(emails: string[]): Promise<{ id: string; email: string }[]> {
    if (!emails.length) return Promise.resolve([]);
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('studio:first-admin'))`);
      const [rows] = (await tx.query(
        `UPDATE users SET role = 'admin', updated_at = now() WHERE email = ANY($1) AND role <> 'admin' AND NOT EXISTS (SELECT 1 FROM users WHERE role = 'admin') RETURNING id, email`,
        [emails],
      )) as [{ id: string; email: string }[], number];
      return rows;
    });
  }

  /**
   * Disables the account and revokes every live sign-in session and API key of it, in one transaction (a sign-in
   * racing with it either commits first and is revoked here, or sees the account disabled). Null: no such account.
   */
  disable(id: string): Promise<DisabledCredentials | null> {
    return this.db.transaction(async (tx) => {
      const [found] = (await tx.query(`UPDATE users SET disabled_at = COALESCE(disabled_at, now()), updated_at = now() WHERE id = $1 RETURNING id`, [id])) as [{ id: string }[], number];
      if (!found.length) return null;
      const [sessions] = (await tx.query(`UPDATE auth_sessions SET revoked_at = now(), revoked_reason = 'account_disabled' WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [id])) as [
        { id: string }[],
        number,
      ];
      const [keys] = (await tx.query(`UPDATE api_keys SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL RETURNING id`, [id])) as [{ id: string }[], number];
      return { sessionIds: sessions.map((r) => r.id), apiKeyIds: keys.map((r) => r.id) };
    });
  }

  /** Lets the account sign in again (its revoked sessions and keys stay revoked); false when there is no such account. */
  async enable(id: string): Promise<boolean> {
    const res = await this.users.update({ id }, { disabledAt: null });
    return Boolean(res.affected);
  }

  private async projectCounts(ids: string[]): Promise<Map<string, number>> {
    if (!ids.length) return new Map();
    const rows: { ownerId: string; n: number }[] = await this.db.query(`SELECT owner_id AS "ownerId", count(*)::int AS n FROM projects WHERE owner_id = ANY($1) GROUP BY owner_id`, [ids]);
    return new Map(rows.map((r) => [r.ownerId, r.n]));
  }
}
