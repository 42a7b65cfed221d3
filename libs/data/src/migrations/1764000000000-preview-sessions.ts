import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Preview instances and what they serve (libs/containers, apps/worker/src/previews). */
export class PreviewSessions1764000000000 implements MigrationInterface {
  name = 'PreviewSessions1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE preview_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        stack_id text NOT NULL,
        project_id uuid,
        user_id uuid,
        runtime text NOT NULL,
        instance_id text,
        host text,
        vite_port integer,
        agent_port integer,
        agent_token text,
        status text NOT NULL,
        version integer,
        error text,
        recent_errors jsonb NOT NULL DEFAULT '[]',
        last_access_at timestamptz NOT NULL DEFAULT now(),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT preview_sessions_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
        CONSTRAINT preview_sessions_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT preview_sessions_status_check CHECK (status IN ('warm', 'starting', 'ready', 'updating', 'error', 'paused', 'stopped')),
        CONSTRAINT preview_sessions_warm_check CHECK ((status = 'warm') = (project_id IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX preview_sessions_project_idx ON preview_sessions (project_id) WHERE project_id IS NOT NULL`);
    await q.query(`CREATE INDEX preview_sessions_status_idx ON preview_sessions (stack_id, status, last_access_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE preview_sessions`);
  }
}
