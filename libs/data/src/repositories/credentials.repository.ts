import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { ApiKeyEntity } from '../entities/api-key.entity.js';
import { AuthSessionEntity } from '../entities/auth-session.entity.js';

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

  /** The user's session or API key exists and is not revoked (a deleted user's are gone by cascade). */
  isLive(credential: RevocableCredential, userId: string): Promise<boolean> {
    const where = { id: credential.id, userId, revokedAt: IsNull() };
    return credential.kind === 'session' ? this.db.getRepository(AuthSessionEntity).existsBy(where) : this.db.getRepository(ApiKeyEntity).existsBy(where);
  }
}
