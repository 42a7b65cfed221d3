import type { DataSource, EntityManager, Repository } from 'typeorm';
import { UserEntity } from '../entities/user.entity.js';

/** What a new account is stored with: the email (trimmed and lower-cased by the caller) and its password hash. */
export interface NewUser {
  email: string;
  passwordHash: string;
}

/**
 * The `users` table. Takes a DataSource, or the EntityManager of a transaction when the account is written
 * together with its first sign-in (AuthSessionsRepository).
 */
export class UsersRepository {
  private readonly users: Repository<UserEntity>;

  constructor(db: DataSource | EntityManager) {
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
}
