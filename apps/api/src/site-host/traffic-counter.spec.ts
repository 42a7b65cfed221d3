import { TrafficCounter } from './traffic-counter.js';

describe('TrafficCounter', () => {
  it('sums requests and bytes per site, and starts again after a drain', () => {
    const counter = new TrafficCounter();
    counter.count('a', 100);
    counter.count('a', 50);
    counter.count('b', 0);
    expect(counter.drain()).toEqual([
      { siteId: 'a', requests: 2, bytes: 150 },
      { siteId: 'b', requests: 1, bytes: 0 },
    ]);
    expect(counter.drain()).toEqual([]);
  });

  it('keeps the counts of a write that failed for the next one', () => {
    const counter = new TrafficCounter();
    counter.count('a', 10);
    const failed = counter.drain();
    counter.count('a', 5);
    counter.restore(failed);
    expect(counter.drain()).toEqual([{ siteId: 'a', requests: 2, bytes: 15 }]);
  });
});
