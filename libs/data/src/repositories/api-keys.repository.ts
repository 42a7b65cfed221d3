import { type DataSource, type EntityManager, IsNull, type Repository } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { UserEntity } from '../entities/user.entity.js';

/** What a new key is stored with: its SHA-256 (never the key) and the few characters shown in lists. */
export interface NewApiKey {
  userId: string;
  name: string;
  prefix: string;
  keyHash: string;
}

/** The `api_keys` table. Revoked keys stay (for the audit trail) but are never found as active again. */
export class ApiKeysRepository {
  private readonly keys: Repository<ApiKeyEntity>;

  constructor(db: DataSource | EntityManager) {
    this.keys = db.getRepository(ApiKeyEntity);
  }

  create(key: NewApiKey): Promise<ApiKeyEntity> {
    return this.keys.save(this.keys.create(key));
  }

  /** The user's keys that still work, newest first. */
  listActive(userId: string): Promise<ApiKeyEntity[]> {
    return this.keys.find({ where: { userId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
  }

  /** The unrevoked key with this hash, whoever owns it (the hash is what a bearer presents), unless its owner is disabled. */
  findActiveByHash(keyHash: string): Promise<ApiKeyEntity | null> {
    return this.keys.createQueryBuilder('k').innerJoin(UserEntity, 'u', 'u.id = k.userId AND u.disabledAt IS NULL').where('k.keyHash = :keyHash AND k.revokedAt IS NULL', { keyHash }).getOne();
  }

  async touchLastUsed(id: string, at = new Date()): Promise<void> {
    await this.keys.update({ id }, { lastUsedAt: at });
  }

  /** Revokes the user's live key; false when it is not theirs, does not exist or was revoked already. */
  async revoke(userId: string, id: string): Promise<boolean> {
    const res = await this.keys.update({ id, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    return Boolean(res.affected);
  }
}
