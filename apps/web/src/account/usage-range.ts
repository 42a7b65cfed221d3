/** The ranges the usage page offers; `custom` takes the person's own days. */
export type RangeKind = 'month' | 'last30' | 'custom';

export interface DayRange {
  from: string;
  to: string;
}

/** `YYYY-MM-DD` of a moment, in UTC: the API's days are UTC days (libs/contracts usage.ts). */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

const DAY_MS = 86_400_000;
const dayStart = (day: string): number => Date.parse(`${day}T00:00:00Z`);

/** The most days one report may span (usageQuerySchema: at most 366). */
export const MAX_RANGE_DAYS = 366;

/** This month so far, or the last 30 days including today; both ends included, as the API takes them. */
export function presetRange(kind: Exclude<RangeKind, 'custom'>, now: Date): DayRange {
  const to = isoDay(now);
  if (kind === 'month') return { from: `${to.slice(0, 8)}01`, to };
  return { from: isoDay(new Date(dayStart(to) - 29 * DAY_MS)), to };
}

/** Why a custom range cannot be asked for, or null when it can (the API would refuse the same). */
export function rangeProblem({ from, to }: DayRange): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || !/^\d{4}-\d{2}-\d{2}$/.test(to) || Number.isNaN(dayStart(from)) || Number.isNaN(dayStart(to))) return 'Pick both days.';
  if (from > to) return 'The first day must come before the last.';
  if (daysIn({ from, to }).length > MAX_RANGE_DAYS) return `At most ${MAX_RANGE_DAYS} days at once.`;
  return null;
}

/** Every day of a range in order, so a chart shows the quiet days too (the API returns only days with calls). */
export function daysIn({ from, to }: DayRange): string[] {
  const days: string[] = [];
  const end = dayStart(to);
  // Bounded: a range the API would refuse still draws no more than a year and a day.
  for (let t = dayStart(from); t <= end && days.length <= MAX_RANGE_DAYS; t += DAY_MS) days.push(isoDay(new Date(t)));
  return days;
}
