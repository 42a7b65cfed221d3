import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person's own model keys (issue 21, bring your own key): one per provider kind. `sealed_key` is the key
 * sealed by libs/platform's secret box (AES-256-GCM, `v1:` or a later key's prefix); `hint` its last four
 * characters, the only part ever shown.
 */
export class ProviderKeys1764610000000 implements MigrationInterface {
  name = 'ProviderKeys1764610000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE provider_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT provider_keys_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        provider text NOT NULL CONSTRAINT provider_keys_provider_check CHECK (provider IN ('openai', 'anthropic', 'openai-compatible')),
        label text,
        base_url text,
        model text,
        sealed_key text NOT NULL,
        hint text NOT NULL,
        last_error text,
        last_error_at timestamptz,
        last_used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT provider_keys_user_provider_key UNIQUE (user_id, provider)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE provider_keys`);
  }
}
