import { type LedgerSums, monthOf, rangeOf, reportRows, totalsOf } from './usage-report.js';

const NOW = new Date('2026-03-17T22:30:00Z');

describe('usage report arithmetic', () => {
  it('knows the UTC month, December into January included', () => {
    expect(monthOf(NOW)).toEqual({ start: '2026-03-01', end: '2026-04-01' });
    expect(monthOf(new Date('2026-12-31T23:59:59Z'))).toEqual({ start: '2026-12-01', end: '2027-01-01' });
  });

  it('defaults the range to this month so far, counts its days both included, and flags what is not a range', () => {
    expect(rangeOf({}, NOW)).toEqual({ from: '2026-03-01', to: '2026-03-17', days: 17 });
    expect(rangeOf({ from: '2025-03-17', to: '2026-03-17' }, NOW).days).toBe(366);
    expect(rangeOf({ from: '2026-03-10', to: '2026-03-09' }, NOW).days).toBe(0);
    expect(rangeOf({ from: '2026-02-30', to: '2026-03-09' }, NOW).days).toBeNaN();
    expect(rangeOf({ from: '2026-13-01' }, NOW).days).toBeNaN();
  });

  it('turns Postgres sums into rows (label only by project) and adds the totals exactly, in micro-dollars', () => {
    const sums: LedgerSums[] = [
      { key: 'p1', label: 'Site', calls: 2, input: '3000', cached: '100', output: '50', operator: '100001', own: '0' },
      { key: '', label: null, calls: 1, input: '10', cached: '0', output: '5', operator: '200002', own: '300003' },
    ];
    const rows = reportRows(sums, 'project');
    expect(rows).toEqual([
      { key: 'p1', label: 'Site', calls: 2, inputTokens: 3000, cachedInputTokens: 100, outputTokens: 50, costUsd: 0.100001, ownKeyCostUsd: 0 },
      { key: '', calls: 1, inputTokens: 10, cachedInputTokens: 0, outputTokens: 5, costUsd: 0.200002, ownKeyCostUsd: 0.300003 },
    ]);
    expect(reportRows(sums, 'day')[0].label).toBeUndefined();
    expect(totalsOf(rows)).toEqual({ calls: 3, inputTokens: 3010, cachedInputTokens: 100, outputTokens: 55, costUsd: 0.300003, ownKeyCostUsd: 0.300003 });
  });
});
