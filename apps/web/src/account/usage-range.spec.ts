import { daysIn, MAX_RANGE_DAYS, presetRange, rangeProblem } from './usage-range';

describe('usage ranges', () => {
  const now = new Date('2026-03-05T23:30:00Z');

  it('this month runs from its first UTC day to today', () => {
    expect(presetRange('month', now)).toEqual({ from: '2026-03-01', to: '2026-03-05' });
  });

  it('the last 30 days include today and cross a month (and February) correctly', () => {
    expect(presetRange('last30', now)).toEqual({ from: '2026-02-04', to: '2026-03-05' });
    expect(daysIn(presetRange('last30', now))).toHaveLength(30);
  });

  it('lists every day of a range in order, both ends included', () => {
    expect(daysIn({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(daysIn({ from: '2026-03-02', to: '2026-03-01' })).toEqual([]);
  });

  it('never lists more than the API would answer, however wide the range', () => {
    expect(daysIn({ from: '1900-01-01', to: '2026-01-01' }).length).toBeLessThanOrEqual(MAX_RANGE_DAYS + 1);
  });

  it('refuses what the API would refuse', () => {
    expect(rangeProblem({ from: '2026-03-01', to: '2026-03-05' })).toBeNull();
    expect(rangeProblem({ from: '', to: '2026-03-05' })).toMatch(/both days/);
    expect(rangeProblem({ from: '2026-02-31x', to: '2026-03-05' })).toMatch(/both days/);
    expect(rangeProblem({ from: '2026-03-06', to: '2026-03-05' })).toMatch(/before/);
    expect(rangeProblem({ from: '2025-01-01', to: '2026-03-05' })).toMatch(/366/);
  });
});
