import { jest } from '@jest/globals';
import type { StoredProjectEvent } from '@studio/contracts';
import { type GapReader, OrderedDelivery } from './ordered-delivery.js';

const event = (seq: number): StoredProjectEvent => ({ projectId: 'p1', seq, name: 'chat:delta', payload: { turnId: 't1', text: String(seq) } }) as StoredProjectEvent;
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A delivery after seq 10, over a store holding `stored`; what it sent, in order, and what it asked the store. */
function setup(stored: number[], opts: { truncated?: boolean; failFirst?: boolean; waitMs?: number } = {}) {
  const sent: number[] = [];
  const asked: number[] = [];
  let overflowed = 0;
  let failures = opts.failFirst ? 1 : 0;
  const read: GapReader = async (afterSeq) => {
    asked.push(afterSeq);
    if (failures-- > 0) throw new Error('the store did not answer');
    return { events: stored.filter((s) => s > afterSeq).map(event), truncated: opts.truncated ?? false };
  };
  const delivery = new OrderedDelivery(
    10,
    (e) => void sent.push(e.seq),
    read,
    () => void overflowed++,
    opts.waitMs ?? 20,
  );
  return { delivery, sent, asked, overflowed: () => overflowed };
}

describe('OrderedDelivery', () => {
  it('sends events in order as they come, each once, dropping what was already sent', async () => {
    const { delivery, sent, asked } = setup([]);
    for (const seq of [11, 12, 12, 9, 13]) delivery.offer(event(seq));
    await wait(60);
    expect(sent).toEqual([11, 12, 13]);
    expect(asked).toEqual([]);
    expect(delivery.upTo).toBe(13);
  });

  it('holds an event that came ahead of its predecessor until the predecessor arrives', async () => {
    const { delivery, sent, asked } = setup([]);
    delivery.offer(event(12));
    delivery.offer(event(13));
    expect(sent).toEqual([]);
    delivery.offer(event(11));
    expect(sent).toEqual([11, 12, 13]);
    await wait(60);
    expect(asked).toEqual([]);
  });

  it('reads a gap that does not fill from the store, then sends in order (an event lost while Redis restarted)', async () => {
    const { delivery, sent, asked } = setup([11, 12, 13, 14]);
    delivery.offer(event(13));
    delivery.offer(event(14));
    await wait(60);
    expect(asked).toEqual([10]);
    expect(sent).toEqual([11, 12, 13, 14]);
    // A late live copy of a filled event is not sent again.
    delivery.offer(event(12));
    expect(sent).toEqual([11, 12, 13, 14]);
  });

  it('asks the store again when it did not answer', async () => {
    const { delivery, sent, asked } = setup([11, 12], { failFirst: true });
    delivery.offer(event(12));
    await wait(100);
    expect(asked.slice(0, 2)).toEqual([10, 10]);
    expect(sent).toEqual([11, 12]);
  });

  it('gives up on a gap too long to read: the subscription ends, so the client joins again and reloads', async () => {
    const { delivery, sent, overflowed } = setup([11, 12], { truncated: true });
    delivery.offer(event(12));
    await wait(60);
    expect(overflowed()).toBe(1);
    expect(sent).toEqual([]);
    delivery.offer(event(11));
    expect(sent).toEqual([]);
  });

  it('gives up on a gap the store never fills, reading less and less often (a deleted project, a store down)', async () => {
    jest.useFakeTimers();
    try {
      const { delivery, sent, asked, overflowed } = setup([12], { waitMs: 250 });
      delivery.offer(event(12));
      // 250 ms, then doubling up to 4 s: 10 reads within about half a minute.
      await jest.advanceTimersByTimeAsync(250 + 500 + 1000 + 2000);
      expect(asked).toHaveLength(4);
      await jest.advanceTimersByTimeAsync(6 * 4000);
      expect(asked).toEqual(Array(10).fill(10));
      expect(overflowed()).toBe(1);
      expect(sent).toEqual([]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('gives up when too many events wait behind one gap', () => {
    const { delivery, overflowed } = setup([]);
    for (let seq = 12; seq <= 2012; seq++) delivery.offer(event(seq));
    expect(overflowed()).toBe(1);
  });

  it('sends nothing and reads nothing once closed', async () => {
    const { delivery, sent, asked } = setup([11, 12]);
    delivery.offer(event(12));
    delivery.close();
    await wait(60);
    expect(asked).toEqual([]);
    expect(sent).toEqual([]);
  });
});
