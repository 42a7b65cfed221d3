import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The usage ledger and budgets (issue 21). Money is kept in micro-dollars (bigint): sums are exact, and a
 * budget check is integer arithmetic under a row lock.
 * - usage_records: one row per model call, written in the transaction that records its turn's outcome;
 *   (turn_id, seq) is unique, so a call is never counted twice. project_id survives the project's deletion as
 *   NULL (the money was spent).
 * - user_spend: one row per person and UTC month: what was spent (operator-billed calls only) and what running
 *   turns hold (their estimate). A turn reserves with one conditional UPDATE, so two turns cannot both take
 *   the last dollar, whatever process runs them.
 * - turns.billed_calls: the calls of a turn persisted as each ends (across leases), so a worker that dies
 *   mid-turn loses none; turns.reserved_micro_usd: what the turn holds in user_spend.
 * - users.monthly_budget_micro_usd: an admin's override of the configured default (NULL: the default).
 */
export class UsageBudgets1764600000000 implements MigrationInterface {
  name = 'UsageBudgets1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE usage_records (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL CONSTRAINT usage_records_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        project_id uuid CONSTRAINT usage_records_project_id_fkey REFERENCES projects(id) ON DELETE SET NULL,
        turn_id uuid,
        seq integer NOT NULL DEFAULT 0,
        purpose text NOT NULL,
        provider text NOT NULL,
        model text NOT NULL,
        input_tokens integer NOT NULL DEFAULT 0,
        cached_input_tokens integer NOT NULL DEFAULT 0,
        output_tokens integer NOT NULL DEFAULT 0,
        cost_micro_usd bigint NOT NULL DEFAULT 0,
        billed_to text NOT NULL DEFAULT 'operator' CONSTRAINT usage_records_billed_to_check CHECK (billed_to IN ('operator', 'own_key')),
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT usage_records_turn_seq_key UNIQUE (turn_id, seq)
      )`);
    await q.query(`CREATE INDEX usage_records_user_created_idx ON usage_records (user_id, created_at)`);
    await q.query(`
      CREATE TABLE user_spend (
        user_id uuid NOT NULL CONSTRAINT user_spend_user_id_fkey REFERENCES users(id) ON DELETE CASCADE,
        period date NOT NULL,
        spent_micro_usd bigint NOT NULL DEFAULT 0,
        reserved_micro_usd bigint NOT NULL DEFAULT 0 CONSTRAINT user_spend_reserved_check CHECK (reserved_micro_usd >= 0),
        warned_at timestamptz,
        PRIMARY KEY (user_id, period)
      )`);
    await q.query(`ALTER TABLE turns ADD COLUMN billed_calls jsonb NOT NULL DEFAULT '[]', ADD COLUMN reserved_micro_usd bigint NOT NULL DEFAULT 0`);
    await q.query(`ALTER TABLE users ADD COLUMN monthly_budget_micro_usd bigint`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP COLUMN monthly_budget_micro_usd`);
    await q.query(`ALTER TABLE turns DROP COLUMN billed_calls, DROP COLUMN reserved_micro_usd`);
    await q.query(`DROP TABLE user_spend`);
    await q.query(`DROP TABLE usage_records`);
  }
}
