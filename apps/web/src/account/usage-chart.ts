import type { UsageRowView } from '@studio/contracts';
import { type DayRange, daysIn } from './usage-range';

/** One day's bar: what the operator paid and what the person's own keys cost, and the tokens behind them. */
export interface DayBar {
  day: string;
  costUsd: number;
  ownKeyCostUsd: number;
  tokens: number;
  calls: number;
  /** The bar's height as a share of the chart's top (0..1). */
  share: number;
}

/**
 * A round top for the chart's scale, at or above the largest value: 1, 2 or 5 times a power of ten, so the
 * axis label reads `$0.05`, not `$0.0437`. Zero (a range without calls) still gives a scale.
 */
export function niceCeiling(max: number): number {
  if (!(max > 0) || !Number.isFinite(max)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** The day rows of a report laid on every day of its range, scaled to the chart's top. */
export function dayBars(rows: UsageRowView[], range: DayRange): { bars: DayBar[]; top: number } {
  const byDay = new Map(rows.map((r) => [r.key, r]));
  const days = daysIn(range).map((day) => {
    const r = byDay.get(day);
    return { day, costUsd: r?.costUsd ?? 0, ownKeyCostUsd: r?.ownKeyCostUsd ?? 0, tokens: r ? r.inputTokens + r.outputTokens : 0, calls: r?.calls ?? 0 };
  });
  const top = niceCeiling(Math.max(0, ...days.map((d) => d.costUsd + d.ownKeyCostUsd)));
  return { bars: days.map((d) => ({ ...d, share: (d.costUsd + d.ownKeyCostUsd) / top })), top };
}
