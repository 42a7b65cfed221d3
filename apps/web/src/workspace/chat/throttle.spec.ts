import { jest } from '@jest/globals';
import { LatestEvery } from './throttle';

describe('LatestEvery', () => {
  let now = 0;
  let delivered: string[];
  let throttle: LatestEvery<string>;
  beforeEach(() => {
    jest.useFakeTimers();
    now = 1000;
    delivered = [];
    throttle = new LatestEvery(
      100,
      (v) => delivered.push(v),
      () => now,
    );
  });
  afterEach(() => jest.useRealTimers());
  const advance = (ms: number) => {
    now += ms;
    jest.advanceTimersByTime(ms);
  };

  it('delivers the first value at once, then only the newest once per interval', () => {
    throttle.push('a');
    expect(delivered).toEqual(['a']);
    for (const v of ['ab', 'abc', 'abcd']) {
      advance(10);
      throttle.push(v);
    }
    expect(delivered).toEqual(['a']);
    advance(70);
    expect(delivered).toEqual(['a', 'abcd']);
    advance(500);
    expect(delivered).toEqual(['a', 'abcd']);
  });

  it('a thousand deltas in a second make about ten deliveries, the last one the whole text', () => {
    let text = '';
    for (let i = 0; i < 1000; i++) {
      text += 'x';
      throttle.push(text);
      advance(1);
    }
    advance(100);
    expect(delivered.length).toBeGreaterThanOrEqual(10);
    expect(delivered.length).toBeLessThanOrEqual(12);
    expect(delivered.at(-1)).toBe(text);
  });

  it('flush delivers a waiting value now, once; cancel drops it', () => {
    throttle.push('a');
    throttle.push('ab');
    throttle.flush();
    expect(delivered).toEqual(['a', 'ab']);
    advance(200);
    expect(delivered).toEqual(['a', 'ab']);
    throttle.push('abc');
    throttle.push('abcd');
    throttle.cancel();
    advance(200);
    expect(delivered).toEqual(['a', 'ab', 'abc']);
  });
});
