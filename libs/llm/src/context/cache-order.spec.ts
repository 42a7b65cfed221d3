import { orderForCache, quietRank } from './cache-order.js';

const sizes = new Map([
  ['a.ts', 10],
  ['b.ts', 30],
  ['c.ts', 20],
  ['d.ts', 20],
  ['e.ts', 5],
]);
const order = (named: string[], lastChanged: Record<string, number>, recent: string[] = []) => orderForCache([...sizes.keys()], named, lastChanged, quietRank(sizes, recent));

describe('orderForCache', () => {
  it('puts the files never changed first, in the order the ranking admits them, and the named ones last', () => {
    // Nothing recent: the smallest first, as the ranking's "other" files.
    expect(order(['a.ts'], {})).toEqual({ stable: ['e.ts', 'c.ts', 'd.ts', 'b.ts'], fresh: ['a.ts'] });
    expect(order([], {}, ['b.ts', 'd.ts']).stable).toEqual(['b.ts', 'd.ts', 'e.ts', 'a.ts', 'c.ts']);
  });

  it('puts the files the latest version changed after the stable ones, and before the named ones', () => {
    expect(order(['e.ts'], { 'c.ts': 4, 'a.ts': 2 })).toEqual({ stable: ['d.ts', 'b.ts', 'a.ts'], fresh: ['c.ts', 'e.ts'] });
  });

  it('keeps the previous turn’s stable files as a prefix: a file that changed then joins the end', () => {
    // Turn n: c.ts changed last (version 4). Turn n+1: version 5 changed e.ts; c.ts is stable again, at the end.
    const before = order([], { 'c.ts': 4 });
    const after = order([], { 'c.ts': 4, 'e.ts': 5 });
    expect(before.stable).toEqual(['e.ts', 'a.ts', 'd.ts', 'b.ts']);
    expect(after).toEqual({ stable: ['a.ts', 'd.ts', 'b.ts', 'c.ts'], fresh: ['e.ts'] });
  });

  it('orders only what it is given (what is sent is decided by rank and budget)', () => {
    expect(orderForCache(['d.ts', 'a.ts'], ['zz.ts'], { 'a.ts': 3 }, quietRank(sizes, []))).toEqual({ stable: ['d.ts'], fresh: ['a.ts'] });
  });
});

describe('quietRank', () => {
  it('ranks recent changes, then entry points, then the rest smallest first, whatever the message', () => {
    const files = new Map([
      ['src/App.tsx', 900],
      ['src/big.tsx', 800],
      ['src/small.tsx', 100],
      ['src/Hero.tsx', 500],
    ]);
    const rank = quietRank(files, ['src/Hero.tsx', 'gone.tsx']);
    expect([...files.keys()].sort((a, b) => rank(a) - rank(b))).toEqual(['src/Hero.tsx', 'src/App.tsx', 'src/small.tsx', 'src/big.tsx']);
  });
});
