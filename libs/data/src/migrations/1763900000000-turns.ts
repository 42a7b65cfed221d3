import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Chat turns, their audit trail, the chat itself, the project event log for replay, conversation summaries. */
export class Turns1763900000000 implements MigrationInterface {
  name = 'Turns1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE projects ADD COLUMN event_seq integer NOT NULL DEFAULT 0`);
    await q.query(`
      CREATE TABLE turns (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL,
        user_id uuid NOT NULL,
        status text NOT NULL DEFAULT 'queued',
        message text NOT NULL,
        model text,
        response text NOT NULL DEFAULT '',
        base_version integer,
        version integer,
        changes jsonb NOT NULL DEFAULT '[]',
        refused jsonb NOT NULL DEFAULT '[]',
        usage jsonb,
        error jsonb,
        pending_commit jsonb,
        cancel_requested boolean NOT NULL DEFAULT false,
        lease integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        started_at timestamptz,
        finished_at timestamptz,
        CONSTRAINT turns_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
        CONSTRAINT turns_user_id_fkey FOREIGN KEY (user_id) REFERENCES users(id) ON DELETE CASCADE,
        CONSTRAINT turns_status_check CHECK (status IN ('queued', 'running', 'completed', 'failed', 'cancelled'))
      )`);
    await q.query(`CREATE INDEX turns_project_created_idx ON turns (project_id, created_at)`);
    await q.query(`CREATE INDEX turns_user_status_idx ON turns (user_id, status)`);
    await q.query(`
      CREATE TABLE chat_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        project_id uuid NOT NULL,
        turn_id uuid,
        role text NOT NULL,
        content text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT chat_messages_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE,
        CONSTRAINT chat_messages_turn_id_fkey FOREIGN KEY (turn_id) REFERENCES turns(id) ON DELETE SET NULL,
        CONSTRAINT chat_messages_role_check CHECK (role IN ('user', 'assistant'))
      )`);
    await q.query(`CREATE INDEX chat_messages_project_created_idx ON chat_messages (project_id, created_at)`);
    await q.query(`
      CREATE TABLE turn_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        turn_id uuid NOT NULL,
        kind text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT clock_timestamp(),
        CONSTRAINT turn_events_turn_id_fkey FOREIGN KEY (turn_id) REFERENCES turns(id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX turn_events_turn_at_idx ON turn_events (turn_id, at)`);
    await q.query(`
      CREATE TABLE project_events (
        project_id uuid NOT NULL,
        seq integer NOT NULL,
        name text NOT NULL,
        payload jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_project_events" PRIMARY KEY (project_id, seq),
        CONSTRAINT project_events_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE conversation_summaries (
        project_id uuid NOT NULL,
        text text NOT NULL,
        covers_messages integer NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "PK_conversation_summaries" PRIMARY KEY (project_id),
        CONSTRAINT conversation_summaries_project_id_fkey FOREIGN KEY (project_id) REFERENCES projects(id) ON DELETE CASCADE
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE conversation_summaries`);
    await q.query(`DROP TABLE project_events`);
    await q.query(`DROP TABLE turn_events`);
    await q.query(`DROP TABLE chat_messages`);
    await q.query(`DROP TABLE turns`);
    await q.query(`ALTER TABLE projects DROP COLUMN event_seq`);
  }
}
