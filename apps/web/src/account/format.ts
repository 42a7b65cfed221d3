/**
 * How amounts read on the account and admin pages. The API speaks USD numbers (libs/contracts usage.ts; the
 * database's micro-dollars never reach the client) and plain byte and token counts.
 */

/** `$0.0042` for what a few calls cost, `$12.50` for a month: small amounts keep the digits that matter. */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return '—';
  const abs = Math.abs(usd);
  const digits = abs === 0 || abs >= 0.1 ? 2 : abs >= 0.01 ? 3 : 4;
  return `${usd < 0 ? '−' : ''}$${abs.toFixed(digits)}`;
}

/** `1.5 MB`: powers of 1024, as the storage quota counts. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—';
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value >= 10 ? 0 : 1)} ${units[unit]}`;
}

/** `12,345` in English grouping (the pages are in English whatever the browser's locale). */
export const formatCount = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '—');

/** A time the way a person reads it, in their own zone; `—` for none. */
export const formatTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '—');

/** How full a budget is: below BUDGET_WARNING_RATIO `ok`, from it `warn` (amber), from the whole of it `over` (red). */
export type MeterLevel = 'ok' | 'warn' | 'over';

/**
 * The share of a monthly budget that is spent or held by running turns, 0 for an unlimited one. The ratio is
 * passed in (BUDGET_WARNING_RATIO from the contracts) because the web client imports only types from them.
 */
export function budgetShare(spentUsd: number, reservedUsd: number, monthlyUsd: number | null): number {
  if (monthlyUsd === null) return 0;
  if (monthlyUsd <= 0) return spentUsd + reservedUsd > 0 ? Number.POSITIVE_INFINITY : 1;
  return (spentUsd + reservedUsd) / monthlyUsd;
}

export function meterLevel(share: number, warningRatio: number): MeterLevel {
  return share >= 1 ? 'over' : share >= warningRatio ? 'warn' : 'ok';
}
