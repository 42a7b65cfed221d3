import { CircuitBreaker } from './circuit-breaker.js';
import { PriceTable } from './pricing.js';
import { DEFAULT_RETRY, retryDelayMs } from './retry-policy.js';

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets one trial through after the cooldown, closes on success', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 2, cooldownMs: 1000 }, () => now);
    b.failure();
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    expect(b.allow()).toBe(false);
    now = 1000;
    expect(b.state).toBe('half-open');
    expect(b.allow()).toBe(true);
    expect(b.allow()).toBe(false); // one trial at a time
    b.success();
    expect(b.state).toBe('closed');
  });

  it('a failed trial opens the circuit again for a full cooldown', () => {
    let now = 0;
    const b = new CircuitBreaker({ failureThreshold: 1, cooldownMs: 1000 }, () => now);
    b.failure();
    now = 1000;
    expect(b.allow()).toBe(true);
    b.failure();
    expect(b.state).toBe('open');
    now = 1999;
    expect(b.allow()).toBe(false);
  });
});

describe('retryDelayMs', () => {
  it('grows exponentially with full jitter, capped, and never below retry-after', () => {
    expect(retryDelayMs(1, DEFAULT_RETRY, undefined, () => 1)).toBe(500);
    expect(retryDelayMs(3, DEFAULT_RETRY, undefined, () => 1)).toBe(2000);
    expect(retryDelayMs(10, DEFAULT_RETRY, undefined, () => 1)).toBe(8000);
    expect(retryDelayMs(2, DEFAULT_RETRY, undefined, () => 0)).toBe(0);
    expect(retryDelayMs(1, DEFAULT_RETRY, 3000, () => 0.5)).toBe(3000);
  });
});

describe('PriceTable', () => {
  it('prices cached input at its own rate, and says null for an unknown model', () => {
    const prices = new PriceTable({ mine: { input: 1, output: 2, cachedInput: 0.5 } });
    expect(prices.cost('mine', { inputTokens: 1_000_000, outputTokens: 1_000_000, cachedInputTokens: 500_000 })).toBe(2.75);
    expect(prices.cost('unknown', { inputTokens: 1, outputTokens: 1, cachedInputTokens: 0 })).toBeNull();
    expect(PriceTable.fromJson('{"x":{"input":1,"output":1,"cachedInput":1}}').cost('x', { inputTokens: 1e6, outputTokens: 0, cachedInputTokens: 0 })).toBe(1);
  });
});
