import type { DataSource, EntityManager } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { AuthSessionEntity } from '../entities/auth-session.entity.js';
import { UserEntity } from '../entities/user.entity.js';

/** The revocable thing behind a caller: a sign-in session or an API key. */
export interface RevocableCredential {
  kind: 'session' | 'api_key';
  id: string;
}

/**
 * The one "is this credential revoked" check, for every place that lets a credential in: the REST guard, the
 * Socket.IO re-checks and the preview origin all ask here, so they refuse exactly the same credentials.
 */
export class CredentialsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * The user's session or API key exists and is not revoked (a deleted user's are gone by cascade), and the
   * account is not disabled (disabling revokes them too; this also covers one opened while it was being disabled).
   */
  isLive(credential: RevocableCredential, userId: string): Promise<boolean> {
    const entity = credential.kind === 'session' ? AuthSessionEntity : ApiKeyEntity;
    return this.db
      .getRepository<AuthSessionEntity | ApiKeyEntity>(entity)
      .createQueryBuilder('c')
      .innerJoin(UserEntity, 'u', 'u.id = c.userId AND u.disabledAt IS NULL')
      .where('c.id = :id AND c.userId = :userId AND c.revokedAt IS NULL', { id: credential.id, userId })
      .getExists();
  }
}
