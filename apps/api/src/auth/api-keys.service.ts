import { Injectable } from '@nestjs/common';
import { API_KEY_PREFIX, type ApiKeyCreated, type ApiKeyView } from '@studio/contracts';
import { ApiKeysRepository } from '@studio/data';
import { AuditLog } from '../audit/audit-log.js';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { CredentialRevocations } from './credential-revocations.js';
import type { Principal } from './principal.js';
import { randomToken, sha256 } from './secrets.js';

// Enough of the key to tell keys apart in a list, far too little to guess the rest.
const SHOWN_PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly apiKeys: ApiKeysRepository,
    private readonly revocations: CredentialRevocations,
    private readonly audit: AuditLog,
  ) {}

  /**
   * Only a signed-in person mints keys: a key that could mint keys would outlive its own revocation through
   * the keys it made.
   */
  async create(principal: Principal, name: string): Promise<ApiKeyCreated> {
    if (principal.via === 'api_key') throw new DomainError('FORBIDDEN_FOR_API_KEY', 'An API key cannot create API keys; sign in to create one.');
    const userId = principal.userId;
    const key = randomToken(API_KEY_PREFIX);
    const row = await this.apiKeys.create({ userId, name, prefix: key.slice(0, SHOWN_PREFIX_LENGTH), keyHash: sha256(key) });
    // The name and the shown prefix only: the key itself is the caller's alone.
    await this.audit.byOwner(userId, 'api_key.created', { type: 'api_key', id: row.id }, { name: row.name, prefix: row.prefix });
    return { id: row.id, name: row.name, key };
  }

  async list(userId: string): Promise<ApiKeyView[]> {
    const rows = await this.apiKeys.listActive(userId);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      prefix: r.prefix,
      createdAt: r.createdAt.toISOString(),
      lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    }));
  }

  /** Revoked keys stay in the table (for the audit trail) but never authenticate again. */
  async revoke(userId: string, id: string): Promise<void> {
    const notFound = new DomainError('API_KEY_NOT_FOUND', 'No such API key.');
    if (!isUuid(id)) throw notFound;
    if (!(await this.apiKeys.revoke(userId, id))) throw notFound;
    this.revocations.revoked({ kind: 'api_key', id }, 'api_key_revoked');
    await this.audit.byOwner(userId, 'api_key.revoked', { type: 'api_key', id });
  }
}
