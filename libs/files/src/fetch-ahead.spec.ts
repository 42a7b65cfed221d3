import { fetchAhead } from './fetch-ahead.js';

const tick = () => new Promise((r) => setImmediate(r));

/** A fetch whose calls the test settles by hand, in any order; it records how many were open at once. */
function manualFetch() {
  const open = new Map<number, { resolve: (v: string) => void; reject: (e: Error) => void }>();
  const log = { started: [] as number[], maxOpen: 0 };
  const fetch = (n: number) =>
    new Promise<string>((resolve, reject) => {
      open.set(n, { resolve, reject });
      log.started.push(n);
      log.maxOpen = Math.max(log.maxOpen, open.size);
    });
  const settle = (n: number, error?: Error) => {
    const call = open.get(n)!;
    open.delete(n);
    if (error) call.reject(error);
    else call.resolve(`v${n}`);
  };
  return { fetch, settle, open, log };
}

describe('fetchAhead', () => {
  it('yields in order when later fetches finish first, with at most `concurrency` in flight', async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const { fetch, settle, open, log } = manualFetch();
    const out: string[] = [];
    const done = (async () => {
      for await (const v of fetchAhead(items, fetch, { concurrency: 3, maxBytesAhead: 1000, sizeOf: () => 1 })) out.push(v);
    })();
    await tick();
    expect(log.started).toEqual([0, 1, 2]);
    settle(2);
    settle(1);
    await tick();
    expect(out).toEqual([]); // 0 still holds the line
    expect(log.started).toEqual([0, 1, 2, 3, 4]);
    while (open.size) {
      settle(Math.max(...open.keys())); // always the latest first
      await tick();
    }
    await done;
    expect(out).toEqual(items.map((i) => `v${i}`));
    expect(log.maxOpen).toBe(3);
  });

  it('keeps the bytes ahead of a slow consumer within the bound, and still fetches one item larger than it', async () => {
    const sizes = [4, 4, 4, 20, 4, 4];
    let lastStarted = -1;
    const fetch = async (i: number) => {
      lastStarted = i;
      return i;
    };
    const seen: number[] = [];
    for await (const i of fetchAhead([0, 1, 2, 3, 4, 5], fetch, { concurrency: 8, maxBytesAhead: 10, sizeOf: (i) => sizes[i] })) {
      await tick(); // a slow writer: everything that may start, starts
      seen.push(lastStarted);
      expect(i).toBe(seen.length - 1);
    }
    // Ahead of the item the consumer holds: 1-2 (8 bytes), 2 (4), 3 alone (20: larger than the bound), 4-5 (8).
    expect(seen).toEqual([2, 2, 3, 5, 5, 5]);
  });

  it('throws a failed fetch when the consumer reaches it, after the items before it', async () => {
    const fetch = async (i: number) => {
      if (i === 2) throw new Error('blob 2 is missing');
      await new Promise((r) => setTimeout(r, i === 0 ? 30 : 0)); // 2 fails long before 0 is taken
      return i;
    };
    const out: number[] = [];
    await expect(
      (async () => {
        for await (const i of fetchAhead([0, 1, 2, 3], fetch, { concurrency: 4, maxBytesAhead: 100, sizeOf: () => 1 })) out.push(i);
      })(),
    ).rejects.toThrow('blob 2 is missing');
    expect(out).toEqual([0, 1]);
  });

  it('starts nothing more once the consumer stops', async () => {
    const { fetch, settle, open, log } = manualFetch();
    const items = Array.from({ length: 10 }, (_, i) => i);
    const it = fetchAhead(items, fetch, { concurrency: 2, maxBytesAhead: 100, sizeOf: () => 1 });
    const first = it.next();
    await tick();
    settle(0);
    expect((await first).value).toBe('v0');
    await it.return(undefined);
    for (const n of [...open.keys()]) settle(n);
    await tick();
    expect(log.started).toEqual([0, 1, 2]);
  });
});
