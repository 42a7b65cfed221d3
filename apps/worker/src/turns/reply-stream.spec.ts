import type { EndedCall } from '@studio/data';
import { LlmError, type RouterEvent } from '@studio/llm';
import { streamReply, UsageTally } from './reply-stream.js';
import { TurnLedger } from './turn-ledger.js';

/** A router that plays one scripted call per stream() (events, then optionally a thrown error). */
function scriptedRouter(calls: { events: RouterEvent[]; error?: LlmError }[]) {
  return {
    stream: (): AsyncGenerator<RouterEvent> => {
      const call = calls.shift();
      if (!call) throw new Error('no more scripted calls');
      return (async function* () {
        yield* call.events;
        if (call.error) throw call.error;
      })();
    },
  };
}

const PRICE = { input: 3, output: 15 };

describe('streamReply and the ledger', () => {
  it('ledgers a call cut after partial output as stopped before continuing it, so its cost counts toward the cap', async () => {
    const recorded: EndedCall[] = [];
    const ledger = new TurnLedger('operator', PRICE, 1_000_000, {
      record: async (c) => (recorded.push(c), true),
      reserve: async (e) => ({ kind: 'held', heldMicroUsd: e }),
      worked: () => undefined,
    });
    const router = scriptedRouter([
      {
        events: [
          { type: 'attempt', provider: 'openai', model: 'fallback-model', attempt: 1 },
          { type: 'delta', text: 'x'.repeat(400) },
        ],
        error: new LlmError('LLM_UNAVAILABLE', 'connection dropped', { provider: 'openai', partial: true }),
      },
      {
        events: [
          { type: 'delta', text: 'rest' },
          { type: 'done', provider: 'openai', model: 'fallback-model', usage: { inputTokens: 1200, cachedInputTokens: 0, outputTokens: 1 }, finishReason: 'stop', costUsd: 0.001 },
        ],
      },
    ]);
    const reply = await streamReply(
      {
        router,
        routes: [{ provider: 'openai', model: 'first-model' }],
        system: { static: 's' },
        messages: [{ role: 'user', content: 'hi' }],
        maxOutputTokens: 100,
        signal: new AbortController().signal,
        ledger,
        inputTokens: 1000,
      },
      new UsageTally(),
      () => undefined,
      { maxContinuations: 2 },
    );
    expect(reply).toEqual({ text: `${'x'.repeat(400)}rest`, truncated: false, continuations: 1 });
    // The cut call: 1000 input tokens and 400 characters = 100 output tokens, from the route that answered.
    const cutCost = 1000 * 3 + 100 * 15;
    expect(recorded).toEqual([
      { purpose: 'reply', provider: 'openai', model: 'fallback-model', inputTokens: 1000, cachedInputTokens: 0, outputTokens: 100, costMicroUsd: cutCost, billedTo: 'operator' },
      expect.objectContaining({ purpose: 'continuation', costMicroUsd: 1000 }),
    ]);
    expect(ledger.runningMicroUsd()).toBe(cutCost + 1000);
  });

  it('does not ledger a failure that streamed nothing (it is the turn’s error, not a billed call)', async () => {
    const recorded: EndedCall[] = [];
    const ledger = new TurnLedger('operator', PRICE, null, { record: async (c) => (recorded.push(c), true), reserve: async (e) => ({ kind: 'held', heldMicroUsd: e }), worked: () => undefined });
    const router = scriptedRouter([{ events: [], error: new LlmError('LLM_UNAVAILABLE', 'down') }]);
    const call = { router, routes: [{ provider: 'openai', model: 'm' }], system: { static: 's' }, messages: [], maxOutputTokens: 10, signal: new AbortController().signal, ledger, inputTokens: 10 };
    await expect(streamReply(call, new UsageTally(), () => undefined, { maxContinuations: 2 })).rejects.toMatchObject({ code: 'LLM_UNAVAILABLE' });
    expect(recorded).toEqual([]);
  });
});
