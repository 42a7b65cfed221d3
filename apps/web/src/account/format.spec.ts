import { budgetShare, formatBytes, formatCount, formatUsd, meterLevel } from './format';

describe('formatUsd', () => {
  it('keeps the digits that matter for small amounts and cents for large ones', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(0.00042)).toBe('$0.0004');
    expect(formatUsd(0.0421)).toBe('$0.042');
    expect(formatUsd(12.5)).toBe('$12.50');
    expect(formatUsd(-1.5)).toBe('−$1.50');
  });
  it('says nothing for what is not a number', () => {
    expect(formatUsd(Number.NaN)).toBe('—');
  });
});

describe('formatBytes and formatCount', () => {
  it('counts in powers of 1024', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatBytes(-1)).toBe('—');
  });
  it('groups thousands in English', () => {
    expect(formatCount(1234567)).toBe('1,234,567');
  });
});

describe('the budget meter', () => {
  it('counts what running turns hold as used', () => {
    expect(budgetShare(6, 2, 10)).toBeCloseTo(0.8);
  });
  it('is empty when there is no budget, and full when a zero budget has been spent', () => {
    expect(budgetShare(100, 0, null)).toBe(0);
    expect(budgetShare(0.01, 0, 0)).toBe(Number.POSITIVE_INFINITY);
  });
  it('turns amber at the warning ratio and red at the whole budget', () => {
    expect(meterLevel(0.79, 0.8)).toBe('ok');
    expect(meterLevel(0.8, 0.8)).toBe('warn');
    expect(meterLevel(0.99, 0.8)).toBe('warn');
    expect(meterLevel(1, 0.8)).toBe('over');
    expect(meterLevel(Number.POSITIVE_INFINITY, 0.8)).toBe('over');
  });
});
