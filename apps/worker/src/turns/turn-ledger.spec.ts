import { StudioError } from '@studio/contracts';
import type { EndedCall, Reservation } from '@studio/data';
import { PriceTable } from '@studio/llm';
import { callEstimateMicroUsd, dearestPriceOf, priceOf, TurnLedger } from './turn-ledger.js';
import { NotOurs } from './turn-run.js';

const PRICE = { input: 3, output: 15 };

function ledger(opts: { cap?: number | null; billedTo?: 'operator' | 'own_key'; reserve?: Reservation; recorded?: boolean } = {}) {
  const recorded: EndedCall[] = [];
  const released: number[] = [];
  const reserved: number[] = [];
  const worked: string[] = [];
  const l = new TurnLedger(opts.billedTo ?? 'operator', PRICE, opts.cap ?? null, {
    record: async (c, release) => (recorded.push(c), released.push(release), opts.recorded ?? true),
    reserve: async (e) => (reserved.push(e), opts.reserve ?? { kind: 'held', heldMicroUsd: e }),
    worked: () => void worked.push('yes'),
  });
  return { l, recorded, released, reserved, worked };
}

const done = (costUsd: number) => ({ provider: 'openai', model: 'm', usage: { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 200 }, costUsd });

describe('priceOf and the estimate', () => {
  it('reads a model’s price per token out of the price table, and knows an unpriced model', () => {
    const table = new PriceTable({ m: { input: 3, output: 15, cachedInput: 0.3 } });
    expect(priceOf(table, 'm')).toEqual({ input: 3, output: 15 });
    expect(priceOf(table, 'nobody-prices-this')).toBeNull();
  });

  it('is every input token at the input price and the most output at the output price, rounded up', () => {
    expect(callEstimateMicroUsd(PRICE, 1000, 4000)).toBe(3000 + 60_000);
    expect(callEstimateMicroUsd({ input: 0.4, output: 1.6 }, 3, 1)).toBe(Math.ceil(1.2 + 1.6));
    expect(callEstimateMicroUsd(null, 1000, 4000)).toBe(0);
  });

  it('prices a turn at the dearest model its routes may fall back to, input and output each', () => {
    const table = new PriceTable({ cheap: { input: 0.1, output: 0.4, cachedInput: 0.01 }, dear: { input: 5, output: 15, cachedInput: 0.5 }, wordy: { input: 1, output: 40, cachedInput: 0.1 } });
    expect(dearestPriceOf(table, ['cheap', 'dear'])).toEqual({ input: 5, output: 15 });
    expect(dearestPriceOf(table, ['cheap', 'unpriced', 'dear', 'wordy'])).toEqual({ input: 5, output: 40 });
    expect(dearestPriceOf(table, ['unpriced'])).toBeNull();
  });
});

describe('TurnLedger', () => {
  it('reserves each operator call’s estimate and persists each ended call in micro-dollars', async () => {
    const { l, recorded, reserved } = ledger();
    await l.beforeCall(1000, 4000);
    await l.callEnded(done(0.004512), 'reply');
    expect(reserved).toEqual([63_000]);
    expect(recorded).toEqual([{ purpose: 'reply', provider: 'openai', model: 'm', inputTokens: 1000, cachedInputTokens: 200, outputTokens: 100, costMicroUsd: 4512, billedTo: 'operator' }]);
    expect(l.runningMicroUsd()).toBe(4512);
  });

  it('gives back what a call held beyond its cost as it is recorded, so a later call (a repair) is not refused for it', async () => {
    const { l, released } = ledger();
    await l.beforeCall(1000, 4000);
    await l.callEnded(done(0.004512), 'reply');
    expect(released).toEqual([63_000 - 4512]);
    // A cap stop releases down to its estimated cost too; a call that held nothing releases nothing.
    const own = ledger({ billedTo: 'own_key' });
    await own.l.beforeCall(1000, 4000);
    await own.l.callEnded(done(0.01), 'reply');
    expect(own.released).toEqual([0]);
  });

  it('asks for no reservation again in a turn once it knows the person has no budget', async () => {
    const { l, reserved } = ledger({ reserve: { kind: 'unbudgeted' } });
    await l.beforeCall(1000, 4000);
    await l.callEnded(done(0.004), 'reply');
    await l.beforeCall(1000, 4000);
    expect(reserved).toEqual([63_000]);
  });

  it('refuses with BUDGET_EXCEEDED and what is left when the reservation is refused', async () => {
    const { l } = ledger({ reserve: { kind: 'refused', remainingMicroUsd: 1500, monthlyMicroUsd: 5_000_000, periodEnd: '2026-02-01' } });
    const err = await l.beforeCall(1000, 4000).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StudioError);
    expect(err).toMatchObject({ code: 'BUDGET_EXCEEDED', details: { estimateUsd: 0.063, remainingUsd: 0.0015, monthlyUsd: 5, periodEnd: '2026-02-01' } });
  });

  it('never reserves for the person’s own key, and tells the key it worked', async () => {
    const { l, reserved, recorded, worked } = ledger({ billedTo: 'own_key' });
    await l.beforeCall(1000, 4000);
    await l.callEnded(done(0.01), 'reply');
    expect(reserved).toEqual([]);
    expect(recorded[0].billedTo).toBe('own_key');
    expect(worked).toEqual(['yes']);
  });

  it('stops the turn once calls so far + this call’s input + its streamed characters pass the cap', async () => {
    // Cap 10_000 µ$: one call of 4_000 µ$, then 1000 input tokens (3_000 µ$) leave 3_000 µ$ = 200 output tokens ≈ 800 characters.
    const { l } = ledger({ cap: 10_000 });
    await l.beforeCall(10, 10);
    await l.callEnded(done(0.004), 'reply');
    await l.beforeCall(1000, 4000);
    l.onDelta(796);
    expect(l.runningMicroUsd()).toBe(4000 + 3000 + 199 * 15);
    expect(() => l.onDelta(8)).toThrow(expect.objectContaining({ code: 'TURN_COST_CAP_REACHED', details: { capUsd: 0.01, costUsd: 0.010015 } }));
  });

  it('persists a call the cap stopped from its estimate: the input sent and the output streamed', async () => {
    const { l, recorded } = ledger({ cap: 10_000 });
    await l.beforeCall(1000, 4000);
    expect(() => l.onDelta(3000)).toThrow(expect.objectContaining({ code: 'TURN_COST_CAP_REACHED' }));
    await l.callStopped({ provider: 'openai', model: 'm' }, 'repair');
    expect(recorded).toEqual([{ purpose: 'repair', provider: 'openai', model: 'm', inputTokens: 1000, cachedInputTokens: 0, outputTokens: 750, costMicroUsd: 3000 + 750 * 15, billedTo: 'operator' }]);
    expect(l.runningMicroUsd()).toBe(3000 + 750 * 15);
  });

  it('refuses a call whose input alone passes the cap, before reserving anything', async () => {
    const { l, reserved } = ledger({ cap: 1000 });
    await expect(l.beforeCall(400, 10)).rejects.toMatchObject({ code: 'TURN_COST_CAP_REACHED' });
    expect(reserved).toEqual([]);
  });

  it('stops when another worker took the turn (a fenced write or reservation found it gone)', async () => {
    await expect(ledger({ recorded: false }).l.callEnded(done(0.001), 'reply')).rejects.toBeInstanceOf(NotOurs);
    await expect(ledger({ reserve: { kind: 'lost' } }).l.beforeCall(10, 10)).rejects.toBeInstanceOf(NotOurs);
  });
});
