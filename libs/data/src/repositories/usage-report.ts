import type { UsageGroupBy, UsageQuery, UsageRowView } from '@studio/contracts';
import { toMicroUsd } from './budget-rule.js';

/** One group of the ledger as Postgres sums it (bigint sums come back as text). */
export interface LedgerSums {
  key: string;
  label: string | null;
  calls: number;
  input: string;
  cached: string;
  output: string;
  operator: string;
  own: string;
}

const DAY_MS = 86_400_000;

/** Micro-dollars to USD (exact to the micro-dollar). */
export const usd = (micro: number) => Math.round(micro) / 1e6;

const isoDay = (d: Date) => d.toISOString().slice(0, 10);

/** The UTC month `now` is in: its first day and the first day of the next, `YYYY-MM-DD`. */
export function monthOf(now: Date): { start: string; end: string } {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { start: isoDay(start), end: isoDay(end) };
}

/**
 * The days a usage query covers, both included: by default the current month up to today. `days` is how many
 * (0 or less: `to` before `from`; a date that does not exist, like 2026-02-30 or 0000-01-01, gives NaN).
 */
export function rangeOf(query: Pick<UsageQuery, 'from' | 'to'>, now: Date): { from: string; to: string; days: number } {
  const from = query.from ?? monthOf(now).start;
  const to = query.to ?? isoDay(now);
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`);
  // A calendar day that exists (not 2026-02-30), from year 1 (Postgres has no year 0: it would refuse the query).
  const real = (day: string, ms: number) => !Number.isNaN(ms) && isoDay(new Date(ms)) === day && Number(day.slice(0, 4)) >= 1;
  const days = real(from, start) && real(to, end) ? (end - start) / DAY_MS + 1 : Number.NaN;
  return { from, to, days };
}

/** The ledger's groups as views; a deleted project's calls group under the key `` with no label. */
export function reportRows(sums: LedgerSums[], groupBy: UsageGroupBy): UsageRowView[] {
  return sums.map((s) => {
    const row: UsageRowView = {
      key: s.key,
      calls: s.calls,
      inputTokens: Number(s.input),
      cachedInputTokens: Number(s.cached),
      outputTokens: Number(s.output),
      costUsd: usd(Number(s.operator)),
      ownKeyCostUsd: usd(Number(s.own)),
    };
    if (groupBy === 'project' && s.label !== null) row.label = s.label;
    return row;
  });
}

/** The sums of every group (money added in micro-dollars, so the total is exact). */
export function totalsOf(rows: UsageRowView[]): Omit<UsageRowView, 'key' | 'label'> {
  const t = { calls: 0, inputTokens: 0, cachedInputTokens: 0, outputTokens: 0, cost: 0, own: 0 };
  for (const r of rows) {
    t.calls += r.calls;
    t.inputTokens += r.inputTokens;
    t.cachedInputTokens += r.cachedInputTokens;
    t.outputTokens += r.outputTokens;
    t.cost += toMicroUsd(r.costUsd);
    t.own += toMicroUsd(r.ownKeyCostUsd);
  }
  return { calls: t.calls, inputTokens: t.inputTokens, cachedInputTokens: t.cachedInputTokens, outputTokens: t.outputTokens, costUsd: usd(t.cost), ownKeyCostUsd: usd(t.own) };
}
