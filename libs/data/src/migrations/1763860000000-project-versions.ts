import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Versions of a project's files: manifests pointing at content-addressed blobs in S3. */
export class ProjectVersions1763860000000 implements MigrationInterface {
  name = 'ProjectVersions1763860000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE project_versions (
        project_id uuid NOT NULL,
        number integer NOT NULL,
        manifest jsonb NOT NULL,
        source text NOT NULL,
        turn_id uuid,
        message text NOT NULL DEFAULT '',
        changes jsonb NOT NULL DEFAULT '[]',
        base_version integer,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_project_versions" PRIMARY KEY (project_id, number),
        CONSTRAINT project_versions_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
        CONSTRAINT project_versions_source_check CHECK (source IN ('template', 'ai', 'user', 'restore'))
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE project_versions`);
  }
}
