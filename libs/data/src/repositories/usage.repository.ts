import type { BudgetView, UsageQuery, UsageReportView } from '@studio/contracts';
import type { DataSource, EntityManager } from 'typeorm';
import { turnPeriod } from './turn-settlement.js';
import { type LedgerSums, monthOf, rangeOf, reportRows, totalsOf, usd } from './usage-report.js';

/** The budget rules in force (from configuration), in micro-dollars; null: no limit. */
export interface BudgetSettings {
  defaultMonthlyMicroUsd: number | null;
  perTurnCapMicroUsd: number | null;
  storageQuotaBytes: number;
}

/** What reserving a call's estimate did: held, no budget to hold against, refused with what is left, or the turn is no longer ours. */
export type Reservation =
  | { kind: 'held'; heldMicroUsd: number }
  | { kind: 'unbudgeted' }
  | { kind: 'refused'; remainingMicroUsd: number; monthlyMicroUsd: number; periodEnd: string }
  | { kind: 'lost' };

/** The person's month: budget (override or default; null: none), spent and reserved. */
export interface SpendRow {
  budget: string | null;
  spent: string | null;
  reserved: string | null;
}

/** The person's budget and spend this month, in one indexed query (users by id, user_spend by its key). */
const MONTH = `SELECT COALESCE(u.monthly_budget_micro_usd, $2::bigint)::text AS budget, (u.monthly_budget_micro_usd IS NOT NULL) AS overridden,
          s.spent_micro_usd::text AS spent, s.reserved_micro_usd::text AS reserved
     FROM users u LEFT JOIN user_spend s ON s.user_id = u.id AND s.period = $3::date
    WHERE u.id = $1`;

/**
 * The person's month as the early refusal of a chat message reads it, given the SQL of its three inputs (the
 * user, the default budget, the month's first day): budget (override or default; null: none), spent, reserved,
 * and whether they have a model key of their own (their turns are not billed to the operator). Also a part of
 * TurnsRepository.enqueue's one statement.
 */
export const monthAndKeys = (user: string, defaultBudget: string, period: string) =>
  `SELECT COALESCE(u.monthly_budget_micro_usd, ${defaultBudget}::bigint) AS budget, s.spent_micro_usd AS spent, s.reserved_micro_usd AS reserved,
          EXISTS (SELECT 1 FROM provider_keys k WHERE k.user_id = u.id) AS own_keys
     FROM users u LEFT JOIN user_spend s ON s.user_id = u.id AND s.period = ${period}::date
    WHERE u.id = ${user}`;

const MONTH_AND_KEYS = `SELECT budget::text, spent::text, reserved::text, own_keys FROM (${monthAndKeys('$1', '$2', '$3')}) m`;

/** What is left of a person's month (see `remaining`); null: no budget, or their own key pays. */
export type BudgetLeft = { remainingMicroUsd: number; monthlyMicroUsd: number; periodEnd: string } | null;

/** A row of `monthAndKeys` (its amounts as text) as what is left; `periodEnd` is the next month's first day. */
export function budgetLeft(row: (SpendRow & { own_keys: boolean }) | undefined, periodEnd: string): BudgetLeft {
  if (!row || row.budget === null || row.own_keys) return null;
  const budget = Number(row.budget);
  return { remainingMicroUsd: budget - Number(row.spent ?? 0) - Number(row.reserved ?? 0), monthlyMicroUsd: budget, periodEnd };
}

/**
 * One call's reservation (UsageRepository.reserve): $1 turn, $2 lease, $3 default budget, $4 estimate. The turn
 * row is locked (FOR UPDATE re-checks the lease), the hold is an upsert whose conflict branch re-checks the budget
 * against the row as committed, and the turn's own hold grows only when the month's did.
 */
const RESERVE = `WITH t AS (
     SELECT t.user_id, ${turnPeriod('t')} AS period, COALESCE(u.monthly_budget_micro_usd, $3::bigint) AS budget,
            COALESCE(s.spent_micro_usd, 0) + COALESCE(s.reserved_micro_usd, 0) AS used
       FROM turns t JOIN users u ON u.id = t.user_id
       LEFT JOIN user_spend s ON s.user_id = t.user_id AND s.period = ${turnPeriod('t')}
      WHERE t.id = $1 AND t.lease = $2 AND t.status = 'running'
        FOR UPDATE OF t),
   held AS (
     INSERT INTO user_spend AS s (user_id, period, reserved_micro_usd)
     SELECT user_id, period, $4::bigint FROM t WHERE budget IS NOT NULL AND $4::bigint <= budget
     ON CONFLICT (user_id, period) DO UPDATE SET reserved_micro_usd = s.reserved_micro_usd + EXCLUDED.reserved_micro_usd
      WHERE s.spent_micro_usd + s.reserved_micro_usd + EXCLUDED.reserved_micro_usd <= (SELECT budget FROM t)
     RETURNING 1),
   turn AS (UPDATE turns SET reserved_micro_usd = reserved_micro_usd + $4::bigint WHERE id = $1 AND EXISTS (SELECT 1 FROM held) RETURNING 1)
   SELECT budget::text AS budget, used::text AS used, period::text AS period, EXISTS (SELECT 1 FROM held) AS held FROM t`;

/**
 * The usage ledger and budgets (usage_records, user_spend; docs/ARCHITECTURE.md "Usage ledger and budgets").
 * Money is micro-dollars here and USD in views. A turn's calls are ledgered by TurnsRepository with its
 * outcome; this holds the budget's arithmetic: the reservation, the warning, the views.
 */
export class UsageRepository {
  constructor(protected readonly db: DataSource | EntityManager) {}

  /** The person's budget this UTC month. */
  async budgetView(userId: string, settings: BudgetSettings, now = new Date()): Promise<BudgetView> {
    const { start, end } = monthOf(now);
    const [row]: (SpendRow & { overridden: boolean })[] = await this.db.query(MONTH, [userId, settings.defaultMonthlyMicroUsd, start]);
    const budget = row?.budget === null || row?.budget === undefined ? null : Number(row.budget);
    const spent = Number(row?.spent ?? 0);
    const reserved = Number(row?.reserved ?? 0);
    return {
      periodStart: start,
      periodEnd: end,
      monthlyUsd: budget === null ? null : usd(budget),
      overridden: Boolean(row?.overridden),
      spentUsd: usd(spent),
      reservedUsd: usd(reserved),
      remainingUsd: budget === null ? null : usd(Math.max(0, budget - spent - reserved)),
      perTurnCapUsd: settings.perTurnCapMicroUsd === null ? null : usd(settings.perTurnCapMicroUsd),
    };
  }

  /**
   * What the person may still spend this month (micro-dollars; null: no budget, or their turns go through
   * their own key), for the API's early refusal. One indexed query: it runs on every chat send.
   */
  async remaining(userId: string, defaultMonthlyMicroUsd: number | null, now = new Date()): Promise<BudgetLeft> {
    const { start, end } = monthOf(now);
    const [row]: (SpendRow & { own_keys: boolean })[] = await this.db.query(MONTH_AND_KEYS, [userId, defaultMonthlyMicroUsd, start]);
    return budgetLeft(row, end);
  }

  /**
   * Holds `estimateMicroUsd` of the turn's owner's budget for one model call, in ONE statement: the turn is
   * locked by its lease, the month's row upserted with the hold only if spent + reserved + estimate ≤ budget
   * (a concurrent holder is re-checked by the upsert, so two turns cannot both take the last dollar whatever
   * process runs them), and the turn keeps what it holds (turns.reserved_micro_usd) so its settlement, or its
   * recovery's, gives it back. `unbudgeted`: the person has no budget; the ledger stops asking for this turn.
   */
  async reserve(turnId: string, lease: number, estimateMicroUsd: number, defaultMonthlyMicroUsd: number | null): Promise<Reservation> {
    const estimate = Math.max(0, Math.ceil(estimateMicroUsd));
    const [row]: { budget: string | null; used: string; period: string; held: boolean }[] = await this.db.query(RESERVE, [turnId, lease, defaultMonthlyMicroUsd, estimate]);
    if (!row) return { kind: 'lost' };
    if (row.budget === null) return { kind: 'unbudgeted' };
    if (row.held) return { kind: 'held', heldMicroUsd: estimate };
    const budget = Number(row.budget);
    // `used` was read from the statement's snapshot: a turn that held the money concurrently is not in it. What
    // the person is told is left must count it, so it is read again (only on this, the refusing, path).
    const [now]: { used: string }[] = await this.db.query(
      `SELECT s.spent_micro_usd + s.reserved_micro_usd AS used FROM user_spend s JOIN turns t ON t.user_id = s.user_id WHERE t.id = $1 AND s.period = $2::date`,
      [turnId, row.period],
    );
    if (now) row.used = now.used;
    const periodEnd = monthOf(new Date(`${row.period}T00:00:00Z`)).end;
    return { kind: 'refused', remainingMicroUsd: Math.max(0, budget - Number(row.used)), monthlyMicroUsd: budget, periodEnd };
  }

  /**
   * Marks the month warned when what the person spent passed `ratio` of their budget, once a month (set
   * atomically: of two turns settling at once only one is told). Returns the figures when this call warned.
   */
  async warnOnce(userId: string, ratio: number, defaultMonthlyMicroUsd: number | null, now = new Date()): Promise<{ spentUsd: number; monthlyUsd: number; periodEnd: string } | null> {
    const { start, end } = monthOf(now);
    const [rows]: [{ spent: string; budget: string }[], number] = await this.db.query(
      `UPDATE user_spend s SET warned_at = now()
         FROM users u
        WHERE s.user_id = $1 AND s.period = $2 AND u.id = s.user_id AND s.warned_at IS NULL
          AND COALESCE(u.monthly_budget_micro_usd, $3::bigint) IS NOT NULL
          AND s.spent_micro_usd >= $4::float8 * COALESCE(u.monthly_budget_micro_usd, $3::bigint)
        RETURNING s.spent_micro_usd::text AS spent, COALESCE(u.monthly_budget_micro_usd, $3::bigint)::text AS budget`,
      [userId, start, defaultMonthlyMicroUsd, ratio],
    );
    const [row] = rows;
    return row ? { spentUsd: usd(Number(row.spent)), monthlyUsd: usd(Number(row.budget)), periodEnd: end } : null;
  }

  /** An admin's budget for a person (null: back to the default); returns the override it replaced. */
  async setMonthlyBudget(userId: string, microUsd: number | null): Promise<{ previousMicroUsd: number | null }> {
    // The row is locked while read and written, so two admins' changes each see the other's as "previous".
    const [rows] = (await this.db.query(
      `UPDATE users u SET monthly_budget_micro_usd = $2, updated_at = now()
         FROM (SELECT id, monthly_budget_micro_usd AS previous FROM users WHERE id = $1 FOR UPDATE) old
        WHERE u.id = old.id RETURNING old.previous`,
      [userId, microUsd],
    )) as [{ previous: string | null }[], number];
    const previous = rows[0]?.previous;
    return { previousMicroUsd: previous === null || previous === undefined ? null : Number(previous) };
  }

  /** `GET /api/usage` for one person: the ledger grouped, their budget, their sites' traffic and their bytes. */
  async report(userId: string, query: UsageQuery, settings: BudgetSettings, now = new Date()): Promise<UsageReportView> {
    const { from, to } = rangeOf(query, now);
    const groupKey = { day: `to_char(r.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')`, project: `COALESCE(r.project_id::text, '')`, model: `r.provider || ':' || r.model` }[query.groupBy];
    const sums: LedgerSums[] = await this.db.query(
      `SELECT ${groupKey} AS key, max(p.name) AS label, count(*)::int AS calls,
              COALESCE(sum(r.input_tokens), 0)::text AS input, COALESCE(sum(r.cached_input_tokens), 0)::text AS cached, COALESCE(sum(r.output_tokens), 0)::text AS output,
              COALESCE(sum(r.cost_micro_usd) FILTER (WHERE r.billed_to = 'operator'), 0)::text AS operator,
              COALESCE(sum(r.cost_micro_usd) FILTER (WHERE r.billed_to = 'own_key'), 0)::text AS own
         FROM usage_records r LEFT JOIN projects p ON p.id = r.project_id
        WHERE r.user_id = $1 AND r.created_at >= $2::date AND r.created_at < ($3::date + 1)
        GROUP BY 1 ORDER BY 1`,
      [userId, from, to],
    );
    const [traffic]: { requests: string; bytes: string }[] = await this.db.query(
      `SELECT COALESCE(sum(t.requests), 0)::text AS requests, COALESCE(sum(t.bytes), 0)::text AS bytes
         FROM site_traffic t JOIN sites s ON s.id = t.site_id WHERE s.owner_id = $1 AND t.day BETWEEN $2::date AND $3::date`,
      [userId, from, to],
    );
    const [storage]: { assets: string; files: string }[] = await this.db.query(
      `SELECT (SELECT COALESCE(sum(CASE WHEN status IN ('pending', 'processing') THEN declared_size WHEN status = 'done' THEN stored_bytes ELSE 0 END), 0) FROM uploads WHERE owner_id = $1)::text AS assets,
              (SELECT COALESCE(sum((e.value->>'size')::bigint), 0)
                 FROM projects p JOIN project_versions v ON v.project_id = p.id AND v.number = p.head_version, jsonb_each(v.manifest) e
                WHERE p.owner_id = $1)::text AS files`,
      [userId],
    );
    const rows = reportRows(sums, query.groupBy);
    return {
      from,
      to,
      groupBy: query.groupBy,
      rows,
      totals: totalsOf(rows),
      budget: await this.budgetView(userId, settings, now),
      traffic: { requests: Number(traffic?.requests ?? 0), bytes: Number(traffic?.bytes ?? 0) },
      storage: { assetBytes: Number(storage?.assets ?? 0), projectBytes: Number(storage?.files ?? 0), quotaBytes: settings.storageQuotaBytes },
    };
  }
}
