import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Named checkpoints: a person may give a version a name ("before the redesign") to find it again. The only
 * column of a version that changes after it is written; its files, source and message never do.
 */
export class VersionNames1764500000000 implements MigrationInterface {
  name = 'VersionNames1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE project_versions ADD COLUMN name text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE project_versions DROP COLUMN name`);
  }
}
