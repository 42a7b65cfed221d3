import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * turns.heartbeat_at: refreshed every few seconds by the worker running the turn (issue 22). BullMQ's stalled
 * check lives in Redis: after a Redis restart or blip it may hand a job whose worker is alive and streaming to
 * another worker. The claim now asks Postgres whether the turn's worker still beats before taking it over.
 */
export class TurnHeartbeat1764800000000 implements MigrationInterface {
  name = 'TurnHeartbeat1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE turns ADD COLUMN heartbeat_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE turns DROP COLUMN heartbeat_at`);
  }
}
