import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Storage lifecycle (issue 21): archived projects, and a report of what each maintenance run removed.
 * projects.last_opened_at: when someone last opened the project (the archiver's "untouched" clock, with updated_at).
 * blob_claims: the blobs a commit in flight is uploading, written before the upload (docs/ARCHITECTURE.md
 * "Storage lifecycle"): the blob collector never deletes a claimed blob. No foreign key to projects: a new
 * project's first files are uploaded before its row exists.
 */
export class StorageLifecycle1764640000000 implements MigrationInterface {
  name = 'StorageLifecycle1764640000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE projects ADD COLUMN archived_at timestamptz, ADD COLUMN last_opened_at timestamptz`);
    await q.query(`
      CREATE TABLE maintenance_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        job text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        removed jsonb NOT NULL DEFAULT '{}',
        error text
      )`);
    await q.query(`CREATE INDEX maintenance_runs_started_idx ON maintenance_runs (started_at)`);
    await q.query(`
      CREATE TABLE blob_claims (
        project_id uuid NOT NULL,
        sha256 text NOT NULL,
        claimed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (project_id, sha256)
      )`);
    await q.query(`CREATE INDEX blob_claims_claimed_idx ON blob_claims (claimed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE blob_claims`);
    await q.query(`DROP TABLE maintenance_runs`);
    await q.query(`ALTER TABLE projects DROP COLUMN archived_at, DROP COLUMN last_opened_at`);
  }
}
