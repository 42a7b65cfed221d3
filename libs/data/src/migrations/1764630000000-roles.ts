import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Roles and disabled accounts (issue 21, admin). */
export class Roles1764630000000 implements MigrationInterface {
  name = 'Roles1764630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'user' CONSTRAINT users_role_check CHECK (role IN ('user', 'admin')), ADD COLUMN disabled_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN role, DROP COLUMN disabled_at`);
  }
}
