import type { ProviderKeyKind } from '@studio/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { ProviderKeyEntity } from '../entities/provider-key.entity.js';

/** What a person saves for one provider; the key arrives already sealed, with its hint. */
export interface ProviderKeyInput {
  sealedKey: string;
  hint: string;
  baseUrl: string | null;
  model: string | null;
  label: string | null;
}

/**
 * A person's own model keys (provider_keys), one per provider kind. The API saves, lists and deletes them by
 * owner; the worker reads them for a turn and notes how each call through them went. The sealed key is opened
 * only by the worker.
 */
export class ProviderKeysRepository {
  constructor(protected readonly db: DataSource | EntityManager) {}

  /** The owner's keys in a fixed order (openai, anthropic, openai-compatible): the order a turn tries them in. */
  async listOwned(userId: string): Promise<ProviderKeyEntity[]> {
    const rows = await this.db.getRepository(ProviderKeyEntity).findBy({ userId });
    return rows.sort((a, b) => ORDER.indexOf(a.provider) - ORDER.indexOf(b.provider));
  }

  /** Adds or replaces the owner's key for `provider`; a replaced key starts without its predecessor's error. */
  async save(userId: string, provider: ProviderKeyKind, input: ProviderKeyInput): Promise<ProviderKeyEntity> {
    await this.db.query(
      `INSERT INTO provider_keys (user_id, provider, sealed_key, hint, base_url, model, label)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (user_id, provider) DO UPDATE SET sealed_key = EXCLUDED.sealed_key, hint = EXCLUDED.hint,
         base_url = EXCLUDED.base_url, model = EXCLUDED.model, label = EXCLUDED.label,
         last_error = NULL, last_error_at = NULL, updated_at = clock_timestamp()`,
      [userId, provider, input.sealedKey, input.hint, input.baseUrl, input.model, input.label],
    );
    return this.db.getRepository(ProviderKeyEntity).findOneByOrFail({ userId, provider });
  }

  /** Deletes the owner's key for `provider`; false when there was none. */
  async deleteOwned(userId: string, provider: ProviderKeyKind): Promise<boolean> {
    const res = await this.db.getRepository(ProviderKeyEntity).delete({ userId, provider });
    return (res.affected ?? 0) > 0;
  }

  /** The provider refused the key: its (already masked) reason, shown to its owner until a call works. */
  async markFailed(id: string, reason: string): Promise<void> {
    // Not through the repository's save: updated_at names the key's version (the worker's cache), not its health.
    await this.db.query(`UPDATE provider_keys SET last_error = $2, last_error_at = now() WHERE id = $1`, [id, reason]);
  }

  /** A call through the key worked. */
  async markWorked(id: string): Promise<void> {
    await this.db.query(`UPDATE provider_keys SET last_error = NULL, last_error_at = NULL, last_used_at = now() WHERE id = $1`, [id]);
  }
}

const ORDER: readonly ProviderKeyKind[] = ['openai', 'anthropic', 'openai-compatible'];
