import type { UsageRowView } from '@studio/contracts';
import { dayBars, niceCeiling } from './usage-chart';

const row = (key: string, costUsd: number, ownKeyCostUsd = 0): UsageRowView => ({ key, calls: 2, inputTokens: 100, cachedInputTokens: 10, outputTokens: 50, costUsd, ownKeyCostUsd });

describe('the usage chart', () => {
  it('rounds the top of the scale to 1, 2 or 5 times a power of ten', () => {
    expect(niceCeiling(0.0437)).toBeCloseTo(0.05);
    expect(niceCeiling(0.011)).toBeCloseTo(0.02);
    expect(niceCeiling(3)).toBe(5);
    expect(niceCeiling(10)).toBe(10);
    expect(niceCeiling(0)).toBe(1);
  });

  it('puts a bar on every day of the range, quiet days at zero', () => {
    const { bars } = dayBars([row('2026-03-02', 0.02)], { from: '2026-03-01', to: '2026-03-03' });
    expect(bars.map((b) => [b.day, b.calls, b.tokens])).toEqual([
      ['2026-03-01', 0, 0],
      ['2026-03-02', 2, 150],
      ['2026-03-03', 0, 0],
    ]);
  });

  it('scales the costliest day (own key included) to at most the top', () => {
    const { bars, top } = dayBars([row('2026-03-01', 0.01), row('2026-03-02', 0.03, 0.01)], { from: '2026-03-01', to: '2026-03-02' });
    expect(top).toBeCloseTo(0.05);
    expect(bars[0].share).toBeCloseTo(0.2);
    expect(bars[1].share).toBeCloseTo(0.8);
  });
});
