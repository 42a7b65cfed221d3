import { LlmError } from '../llm-error.js';
import type { ChatRequest, LlmProvider, StreamEvent } from '../provider.js';
import { LlmRouter, type RouterEvent } from './llm-router.js';
import type { Route } from './route.js';

/** A provider that plays a script per call: a list of deltas then done, or deltas then an error. */
class FakeProvider implements LlmProvider {
  calls: string[] = [];
  constructor(
    readonly name: string,
    private readonly script: (call: number) => { deltas?: string[]; error?: LlmError },
  ) {}

  async *stream(request: ChatRequest): AsyncIterable<StreamEvent> {
    const step = this.script(this.calls.length);
    this.calls.push(request.model);
    for (const text of step.deltas ?? []) yield { type: 'delta', text };
    if (step.error) throw step.error;
    yield { type: 'done', usage: { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 400 }, finishReason: 'stop' };
  }
}

const e500 = () => new LlmError('LLM_UNAVAILABLE', 'scripted 500', { retryable: true, status: 500 });
const e429 = (ms?: number) => new LlmError('LLM_RATE_LIMITED', 'scripted 429', { retryable: true, retryAfterMs: ms });
const refused = () => new LlmError('LLM_REQUEST_REFUSED', 'bad model');

const request = { system: { static: 's' }, messages: [{ role: 'user' as const, content: 'hi' }], maxOutputTokens: 100 };

async function run(router: LlmRouter) {
  const events: RouterEvent[] = [];
  try {
    for await (const e of router.stream(request)) events.push(e);
    return { events };
  } catch (error) {
    if (!(error instanceof LlmError)) throw error;
    return { events, error };
  }
}

/** The routes, in order, from [provider, model] pairs (libs/config parses LLM_ROUTE into the same). */
const routes = (...pairs: [provider: string, model: string][]): Route[] => pairs.map(([provider, model]) => ({ provider, model }));

function makeRouter(providers: FakeProvider[], route: Route[], sleeps: number[] = []) {
  return new LlmRouter(Object.fromEntries(providers.map((p) => [p.name, p])), route, {
    retry: { attempts: 3, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 },
    breaker: { failureThreshold: 3, cooldownMs: 60_000 },
    sleep: async (ms) => void sleeps.push(ms),
  });
}

describe('LlmRouter', () => {
  it('streams from the first route and reports usage and cost', async () => {
    const a = new FakeProvider('anthropic', () => ({ deltas: ['Hel', 'lo'] }));
    const { events, error } = await run(makeRouter([a], routes(['anthropic', 'claude-sonnet-4-5'])));
    expect(error).toBeUndefined();
    expect(events.filter((e) => e.type === 'delta').map((e) => (e as { text: string }).text)).toEqual(['Hel', 'lo']);
    // 600 uncached × $3 + 400 cached × $0.30 + 100 out × $15, per million
    expect(events.at(-1)).toEqual({
      type: 'done',
      provider: 'anthropic',
      model: 'claude-sonnet-4-5',
      usage: { inputTokens: 1000, outputTokens: 100, cachedInputTokens: 400 },
      finishReason: 'stop',
      costUsd: 0.00342,
    });
  });

  it('retries a retryable failure on the same route with backoff, then succeeds', async () => {
    const a = new FakeProvider('openai', (n) => (n < 2 ? { error: e500() } : { deltas: ['ok'] }));
    const sleeps: number[] = [];
    const { events, error } = await run(makeRouter([a], routes(['openai', 'gpt-4.1']), sleeps));
    expect(error).toBeUndefined();
    expect(a.calls).toEqual(['gpt-4.1', 'gpt-4.1', 'gpt-4.1']);
    expect(events.filter((e) => e.type === 'retry')).toHaveLength(2);
    expect(sleeps[0]).toBeLessThanOrEqual(100);
    expect(sleeps[1]).toBeLessThanOrEqual(200);
  });

  it('honours retry-after', async () => {
    const a = new FakeProvider('openai', (n) => (n === 0 ? { error: e429(1500) } : { deltas: ['ok'] }));
    const sleeps: number[] = [];
    await run(makeRouter([a], routes(['openai', 'gpt-4.1']), sleeps));
    expect(sleeps).toEqual([1500]);
  });

  it('falls back to the next route when one keeps failing before any text', async () => {
    const a = new FakeProvider('anthropic', () => ({ error: e500() }));
    const b = new FakeProvider('openai', () => ({ deltas: ['from b'] }));
    const { events, error } = await run(makeRouter([a, b], routes(['anthropic', 'claude-sonnet-4-5'], ['openai', 'gpt-4.1'])));
    expect(error).toBeUndefined();
    expect(a.calls).toHaveLength(3);
    expect(events.find((e) => e.type === 'fallback')).toMatchObject({ from: { provider: 'anthropic' }, to: { provider: 'openai' }, error: { code: 'LLM_UNAVAILABLE' } });
    expect(events.at(-1)).toMatchObject({ type: 'done', provider: 'openai' });
  });

  it('does not wait for a retry-after longer than its bound: it moves on', async () => {
    const a = new FakeProvider('anthropic', () => ({ error: e429(60_000) }));
    const b = new FakeProvider('openai', () => ({ deltas: ['b'] }));
    const sleeps: number[] = [];
    await run(makeRouter([a, b], routes(['anthropic', 'm'], ['openai', 'gpt-4.1']), sleeps));
    expect(a.calls).toHaveLength(1);
    expect(sleeps).toEqual([]);
  });

  it('moves on at once from a refused request (retrying would not help)', async () => {
    const a = new FakeProvider('anthropic', () => ({ error: refused() }));
    const b = new FakeProvider('openai', () => ({ deltas: ['b'] }));
    await run(makeRouter([a, b], routes(['anthropic', 'm'], ['openai', 'gpt-4.1'])));
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toHaveLength(1);
  });

  it('never falls back silently once text has streamed: the caller is told', async () => {
    const a = new FakeProvider('anthropic', () => ({ deltas: ['half a rep'], error: new LlmError('LLM_STREAM_CUT', 'cut', { retryable: true }) }));
    const b = new FakeProvider('openai', () => ({ deltas: ['b'] }));
    const { events, error } = await run(makeRouter([a, b], routes(['anthropic', 'm'], ['openai', 'gpt-4.1'])));
    expect(error?.code).toBe('LLM_STREAM_CUT');
    expect(error?.partial).toBe(true);
    expect(b.calls).toEqual([]);
    expect(events.filter((e) => e.type === 'delta')).toHaveLength(1);
  });

  it('a cancel stops everything, with no retry', async () => {
    const a = new FakeProvider('anthropic', () => ({ error: new LlmError('LLM_CANCELLED', 'cancelled') }));
    const b = new FakeProvider('openai', () => ({ deltas: ['b'] }));
    const { error } = await run(makeRouter([a, b], routes(['anthropic', 'm'], ['openai', 'gpt-4.1'])));
    expect(error?.code).toBe('LLM_CANCELLED');
    expect(a.calls).toHaveLength(1);
    expect(b.calls).toEqual([]);
  });

  it('opens the circuit of a provider that keeps failing, and skips it on the next call', async () => {
    const a = new FakeProvider('anthropic', () => ({ error: e500() }));
    const b = new FakeProvider('openai', () => ({ deltas: ['b'] }));
    const router = makeRouter([a, b], routes(['anthropic', 'm'], ['openai', 'gpt-4.1']));
    await run(router); // 3 failures: threshold reached
    expect(router.breaker('anthropic').state).toBe('open');
    await run(router);
    expect(a.calls).toHaveLength(3); // skipped the second time
    expect(b.calls).toHaveLength(2);
  });

  it('reports the last error when every route fails, and LLM_NOT_CONFIGURED when there is none', async () => {
    const a = new FakeProvider('anthropic', () => ({ error: e429() }));
    expect((await run(makeRouter([a], routes(['anthropic', 'm'])))).error?.code).toBe('LLM_RATE_LIMITED');
    expect((await run(makeRouter([], routes()))).error?.code).toBe('LLM_NOT_CONFIGURED');
    expect((await run(makeRouter([], routes(['openai', 'gpt-4.1'])))).error?.code).toBe('LLM_NOT_CONFIGURED');
  });
});
