import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Honest turns: a turn and its chat message say what was not applied (`partial`, refusals, warnings), the
 * render check's outcome is kept on the turn and on the preview session, and the session remembers the last
 * version that rendered (a page that fails goes back to it).
 */
export class HonestTurns1764200000000 implements MigrationInterface {
  name = 'HonestTurns1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE turns ADD COLUMN partial boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE turns ADD COLUMN warnings jsonb NOT NULL DEFAULT '[]'`);
    await q.query(`ALTER TABLE turns ADD COLUMN render jsonb`);
    await q.query(`ALTER TABLE chat_messages ADD COLUMN meta jsonb`);
    await q.query(`ALTER TABLE preview_sessions ADD COLUMN render jsonb`);
    await q.query(`ALTER TABLE preview_sessions ADD COLUMN last_rendered_version integer`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE preview_sessions DROP COLUMN last_rendered_version`);
    await q.query(`ALTER TABLE preview_sessions DROP COLUMN render`);
    await q.query(`ALTER TABLE chat_messages DROP COLUMN meta`);
    await q.query(`ALTER TABLE turns DROP COLUMN render`);
    await q.query(`ALTER TABLE turns DROP COLUMN warnings`);
    await q.query(`ALTER TABLE turns DROP COLUMN partial`);
  }
}
