import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Row-level security, the second wall (issue 21). STUB: the RLS work fills it in. */
export class RowLevelSecurity1764700000000 implements MigrationInterface {
  name = 'RowLevelSecurity1764700000000';

  async up(_q: QueryRunner): Promise<void> {}

  async down(_q: QueryRunner): Promise<void> {}
}
