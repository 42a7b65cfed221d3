import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Images and fonts a person brings: uploads (a presigned PUT, then the worker's checks), the metadata of the
 * assets they became (keyed by the bytes' hash), and the pictures a chat message carries.
 */
export class Assets1764300000000 implements MigrationInterface {
  name = 'Assets1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE uploads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_id uuid NOT NULL,
        project_id uuid NOT NULL,
        purpose text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        declared_size bigint NOT NULL,
        alt text,
        replaces text,
        status text NOT NULL DEFAULT 'pending',
        error jsonb,
        object_key text NOT NULL,
        stored_bytes bigint NOT NULL DEFAULT 0,
        result jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT uploads_owner_id_fkey FOREIGN KEY (owner_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT uploads_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
        CONSTRAINT uploads_purpose_check CHECK (purpose IN ('asset', 'chat')),
        CONSTRAINT uploads_status_check CHECK (status IN ('pending', 'processing', 'done', 'refused', 'expired'))
      )`);
    await q.query(`CREATE INDEX uploads_owner_status_idx ON uploads (owner_id, status)`);
    await q.query(`CREATE INDEX uploads_status_expiry_idx ON uploads (status, expires_at)`);
    await q.query(`
      CREATE TABLE project_assets (
        project_id uuid NOT NULL,
        sha256 text NOT NULL,
        path text NOT NULL,
        kind text NOT NULL,
        content_type text NOT NULL,
        bytes integer NOT NULL,
        width integer,
        height integer,
        dominant_color text,
        alt text NOT NULL DEFAULT '',
        variants jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT project_assets_pkey PRIMARY KEY (project_id, sha256),
        CONSTRAINT project_assets_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
        CONSTRAINT project_assets_kind_check CHECK (kind IN ('image', 'font'))
      )`);
    await q.query(`ALTER TABLE chat_messages ADD COLUMN attachments jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE chat_messages DROP COLUMN attachments`);
    await q.query(`DROP TABLE project_assets`);
    await q.query(`DROP TABLE uploads`);
  }
}
