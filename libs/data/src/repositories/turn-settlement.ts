import type { EntityManager } from 'typeorm';
import type { BilledCall, TurnEntity } from '../entities/turn.entity.js';

/** A model call as the worker saw it end; the repository gives it its `seq` and `lease`. */
export type EndedCall = Omit<BilledCall, 'seq' | 'lease'>;

/** The UTC month a turn's money belongs to: the month it started in (so its reservation and settlement meet). `t`: the turns row's alias. */
export const turnPeriod = (t = 'turns') => `date_trunc('month', COALESCE(${t}.started_at, ${t}.created_at) AT TIME ZONE 'UTC')::date`;

/**
 * Appends one ended call to the turn's billed_calls, fenced by the lease: `seq` is the array's length, so it
 * continues across the leases of a recovered turn and a fenced-out worker adds nothing. In the same statement
 * $4 (what the call held beyond its actual cost) is given back by the turn and its month, so a later call of
 * the turn (a repair) is not refused for money the ended one never spent. Returns a row when the turn was ours.
 */
export const RECORD_CALL = `WITH t AS (
     UPDATE turns
        SET billed_calls = billed_calls || jsonb_build_array($3::jsonb || jsonb_build_object('seq', jsonb_array_length(billed_calls), 'lease', lease)),
            reserved_micro_usd = GREATEST(0, reserved_micro_usd - $4::bigint)
      WHERE id = $1 AND lease = $2 AND status = 'running'
      RETURNING user_id, ${turnPeriod()} AS period),
   released AS (
     UPDATE user_spend s SET reserved_micro_usd = GREATEST(0, s.reserved_micro_usd - $4::bigint)
       FROM t WHERE $4::bigint > 0 AND s.user_id = t.user_id AND s.period = t.period RETURNING 1)
   SELECT 1 AS ours FROM t`;

/**
 * The ledger rows of a turn, from its billed_calls. (turn_id, seq) is unique, so a repeat inserts nothing;
 * returns what the operator paid (own-key calls are the person's) and what the turn held.
 */
const LEDGER = `WITH t AS (
     SELECT id, user_id, project_id, billed_calls, reserved_micro_usd, ${turnPeriod()} AS period FROM turns WHERE id = $1),
   ins AS (
     INSERT INTO usage_records (user_id, project_id, turn_id, seq, purpose, provider, model, input_tokens, cached_input_tokens, output_tokens, cost_micro_usd, billed_to)
     SELECT t.user_id, t.project_id, t.id, c.seq, c.purpose, c.provider, c.model, c."inputTokens", COALESCE(c."cachedInputTokens", 0), c."outputTokens", c."costMicroUsd", c."billedTo"
       FROM t, jsonb_to_recordset(t.billed_calls) AS c(seq int, purpose text, provider text, model text, "inputTokens" int, "cachedInputTokens" int, "outputTokens" int, "costMicroUsd" bigint, "billedTo" text)
     ON CONFLICT (turn_id, seq) DO NOTHING
     RETURNING cost_micro_usd, billed_to)
   SELECT t.user_id, t.period::text AS period, t.reserved_micro_usd::text AS reserved,
          (SELECT COALESCE(sum(cost_micro_usd), 0) FROM ins WHERE billed_to = 'operator')::text AS spent
     FROM t`;

/** Adds what a turn spent to its month and gives back what it held (never below 0: the check constraint). */
export const SPEND = `INSERT INTO user_spend AS s (user_id, period, spent_micro_usd) VALUES ($1, $2, $3)
   ON CONFLICT (user_id, period) DO UPDATE
     SET spent_micro_usd = s.spent_micro_usd + EXCLUDED.spent_micro_usd, reserved_micro_usd = GREATEST(0, s.reserved_micro_usd - $4)`;

/**
 * Settles an ending turn inside its outcome's transaction (after the fenced update made it ours): its calls
 * become ledger rows, the month's spend grows by the operator's cost, and the turn's reservation (its own and
 * any a dead worker made before it) is released.
 */
export async function settleTurn(tx: EntityManager, turnId: string): Promise<{ spentMicroUsd: number }> {
  const [row]: { user_id: string; period: string; reserved: string; spent: string }[] = await tx.query(LEDGER, [turnId]);
  if (!row) return { spentMicroUsd: 0 };
  const spent = Number(row.spent);
  const reserved = Number(row.reserved);
  if (spent > 0 || reserved > 0) {
    await tx.query(SPEND, [row.user_id, row.period, spent, reserved]);
    if (reserved > 0) await tx.query(`UPDATE turns SET reserved_micro_usd = 0 WHERE id = $1`, [turnId]);
  }
  return { spentMicroUsd: spent };
}

/** Summary calls take seq SUMMARY_SEQ and on: a turn's own calls never come near it. */
export const SUMMARY_SEQ = 1000;

/**
 * Ledgers the calls that made a conversation summary as `turn`'s (inside the transaction that saves it), in
 * the turn's month like its other calls (a turn started on the 31st and summarised on the 1st is one month's).
 */
export async function ledgerSummary(tx: EntityManager, projectId: string, turn: Pick<TurnEntity, 'id' | 'userId'>, calls: EndedCall[]): Promise<void> {
  let operator = 0;
  for (const [i, c] of calls.entries()) {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO usage_records (user_id, project_id, turn_id, seq, purpose, provider, model, input_tokens, cached_input_tokens, output_tokens, cost_micro_usd, billed_to)
       VALUES ($1, $2, $3, $4, 'summary', $5, $6, $7, $8, $9, $10, $11) ON CONFLICT (turn_id, seq) DO NOTHING RETURNING 1`,
      [turn.userId, projectId, turn.id, SUMMARY_SEQ + i, c.provider, c.model, c.inputTokens, c.cachedInputTokens, c.outputTokens, c.costMicroUsd, c.billedTo],
    );
    if (inserted.length && c.billedTo === 'operator') operator += c.costMicroUsd;
  }
  if (operator <= 0) return;
  const [owned]: { period: string }[] = await tx.query(`SELECT ${turnPeriod()}::text AS period FROM turns WHERE id = $1`, [turn.id]);
  await tx.query(SPEND, [turn.userId, owned?.period ?? `${new Date().toISOString().slice(0, 7)}-01`, operator, 0]);
}
