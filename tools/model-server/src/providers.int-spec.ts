import { modelRouteSchema } from '@studio/config';
import { AnthropicProvider, type ChatRequest, LlmError, type LlmProvider, LlmRouter, OpenAiProvider, PriceTable, type RouterEvent, type StreamEvent } from '@studio/llm';
import { tokensOf } from './prompt-blocks.js';
import { type Scenario } from './scenario.js';
import { type ScriptedModelServer, startScriptedModelServer } from './server.js';

/** Both drivers, through the official SDKs, against the scripted server over real HTTP. */
const REPLY = '<response>Done.</response>\n<code path="src/App.tsx">\nexport default function App() { return <h1>Hi</h1>; }\n</code>\n';

const scenarios: Record<string, Scenario> = {
  ok: { reply: REPLY, chunkChars: 7, usage: { input: 1500, output: 40, cached: 1200 } },
  // No scripted usage: the server counts the prompt and serves the prefix it saw before from its cache.
  counted: { reply: REPLY },
  long: { reply: 'cut by the token limit', finish: 'length' },
  slow: { reply: 'x'.repeat(400), chunkChars: 4, chunkDelayMs: 10 },
  e500: { reply: 'x', failures: [{ kind: 'status', status: 500 }] },
  e429: { reply: 'x', failures: [{ kind: 'status', status: 429, retryAfterSeconds: 3 }] },
  e400: { reply: 'x', failures: [{ kind: 'status', status: 400 }] },
  hang: { reply: 'x', failures: [{ kind: 'hang' }] },
  cut: { reply: REPLY, chunkChars: 8, failures: [{ kind: 'cut', afterChars: 32 }] },
  'down-500': {
    reply: 'x',
    failures: [
      { kind: 'status', status: 500 },
      { kind: 'status', status: 502 },
    ],
  },
  'down-429': { reply: 'x', failures: [{ kind: 'status', status: 429, retryAfterSeconds: 60 }] },
  'down-hang': { reply: 'x', failures: [{ kind: 'hang' }, { kind: 'hang' }] },
  'cut-route': { reply: REPLY, chunkChars: 8, failures: [{ kind: 'cut', afterChars: 16 }] },
};

let server: ScriptedModelServer;
beforeAll(async () => {
  server = await startScriptedModelServer(scenarios);
});
afterAll(() => server.close());

const drivers: [string, (firstTokenMs?: number) => LlmProvider][] = [
  ['openai', (firstTokenMs) => new OpenAiProvider({ apiKey: 'test-key', baseURL: `${server.url}/v1`, deadlines: firstTokenMs ? { firstTokenMs } : {} })],
  ['anthropic', (firstTokenMs) => new AnthropicProvider({ apiKey: 'test-key', baseURL: server.url, deadlines: firstTokenMs ? { firstTokenMs } : {} })],
];

const request = (model: string, signal?: AbortSignal): ChatRequest => ({
  model,
  system: { static: 'You write landing pages. Output format: ...', dynamic: 'Project files: ...' },
  messages: [{ role: 'user', content: 'Make a hero' }],
  maxOutputTokens: 1000,
  signal,
});

async function collect(provider: LlmProvider, req: ChatRequest): Promise<{ events: StreamEvent[]; error?: LlmError }> {
  const events: StreamEvent[] = [];
  try {
    for await (const e of provider.stream(req)) events.push(e);
    return { events };
  } catch (err) {
    if (!(err instanceof LlmError)) throw err;
    return { events, error: err };
  }
}

const textOf = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'delta' ? [e.text] : [])).join('');

describe.each(drivers)('%s driver', (name, make) => {
  it('streams the deltas in order and ends with usage (cached tokens included)', async () => {
    const { events, error } = await collect(make(), request('ok'));
    expect(error).toBeUndefined();
    expect(textOf(events)).toBe(REPLY);
    expect(events.filter((e) => e.type === 'delta').length).toBeGreaterThan(5);
    expect(events[events.length - 1]).toEqual({ type: 'done', usage: { inputTokens: 1500, outputTokens: 40, cachedInputTokens: 1200 }, finishReason: 'stop' });
  });

  it('puts the static prompt first (and marks it cacheable where the provider supports it)', async () => {
    await collect(make(), request('ok'));
    const sent = server.requests.filter((r) => r.protocol === name).at(-1)!.body;
    if (name === 'openai') {
      expect(sent.stream_options).toEqual({ include_usage: true });
      expect((sent.messages as { role: string; content: string }[])[0]).toEqual({ role: 'system', content: 'You write landing pages. Output format: ...' });
    } else {
      expect((sent.system as unknown[])[0]).toEqual({ type: 'text', text: 'You write landing pages. Output format: ...', cache_control: { type: 'ephemeral' } });
    }
  });

  it('reports a reply cut by the token limit', async () => {
    const { events } = await collect(make(), request('long'));
    expect(events.at(-1)).toMatchObject({ type: 'done', finishReason: 'length' });
  });

  it('stops when cancelled, with LLM_CANCELLED', async () => {
    const controller = new AbortController();
    const provider = make();
    const events: StreamEvent[] = [];
    let error: LlmError | undefined;
    try {
      for await (const e of provider.stream(request('slow', controller.signal))) {
        events.push(e);
        if (events.length === 3) controller.abort();
      }
    } catch (err) {
      if (!(err instanceof LlmError)) throw err;
      error = err;
    }
    expect(error?.code).toBe('LLM_CANCELLED');
    expect(textOf(events).length).toBeLessThan(400);
  });

  it.each([
    ['e500', 'LLM_UNAVAILABLE', true],
    ['e429', 'LLM_RATE_LIMITED', true],
    ['e400', 'LLM_REQUEST_REFUSED', false],
  ])('maps %s to %s (retryable: %s)', async (model, code, retryable) => {
    const { events, error } = await collect(make(), request(model));
    expect(events).toEqual([]);
    expect(error?.code).toBe(code);
    expect(error?.retryable).toBe(retryable);
    if (model === 'e429') expect(error?.options.retryAfterMs).toBe(3000);
  });

  it('a server that never answers is an LLM_TIMEOUT', async () => {
    const { error } = await collect(make(300), request('hang'));
    expect(error?.code).toBe('LLM_TIMEOUT');
  });

  it('a connection cut mid-reply is reported as a cut, after the text that did arrive', async () => {
    const { events, error } = await collect(make(), request('cut'));
    expect(textOf(events).length).toBeGreaterThan(0);
    expect(REPLY.startsWith(textOf(events))).toBe(true);
    expect(error?.code).toBe('LLM_STREAM_CUT');
  });

  it('an unknown model is refused, not retried', async () => {
    const { error } = await collect(make(), request('no-such-model'));
    expect(error?.code).toBe('LLM_REQUEST_REFUSED');
  });
});

describe.each(drivers)('%s driver: prompt caching, as the provider reports it', (name, make) => {
  const system = { static: 'You build landing pages.\n'.repeat(300), dynamic: `${'<file path="a.ts">export const a = 1;</file>\n'.repeat(300)}<file path="hero.tsx">Hero</file>\n`, stableChars: 0 };
  system.stableChars = system.dynamic.indexOf('<file path="hero.tsx">');
  const turn = (messages: ChatRequest['messages']): ChatRequest => ({ model: 'counted', system, messages, maxOutputTokens: 1000 });
  const usageOf = async (req: ChatRequest) => {
    const { events, error } = await collect(make(), req);
    expect(error).toBeUndefined();
    return (events.at(-1) as Extract<StreamEvent, { type: 'done' }>).usage;
  };

  it('reports the prefix a follow-up shares with the previous request as cached input, through the real SDK', async () => {
    const first = await usageOf(turn([{ role: 'user', content: 'Make the hero about coffee' }]));
    const recorded = server.requests.filter((r) => r.protocol === name && r.model === 'counted');
    expect(first.cachedInputTokens).toBe(0);
    // Counted by the server's tokenizer (o200k_base), the same for both protocols, give or take the framing.
    expect(first.inputTokens).toBeGreaterThan(4000);
    // Anthropic wrote the system prompt to its cache (up to the last breakpoint); OpenAI does that silently.
    // (all but the message, and its 3 tokens of framing).
    expect(recorded.at(-1)?.usage?.created).toBe(name === 'anthropic' ? first.inputTokens - tokensOf('Make the hero about coffee').length - 3 : 0);

    const history = [
      { role: 'user' as const, content: 'Make the hero about coffee' },
      { role: 'assistant' as const, content: REPLY },
    ];
    const followUp = await usageOf(turn([...history, { role: 'user', content: 'Make the headline shorter' }]));
    expect(followUp.inputTokens).toBeGreaterThan(first.inputTokens);
    expect(followUp.cachedInputTokens).toBeGreaterThan(0.7 * followUp.inputTokens);
    expect(followUp.cachedInputTokens).toBeLessThanOrEqual(first.inputTokens);
  });
});

describe('the scripted Anthropic server', () => {
  it('refuses more than four cache breakpoints, in Anthropic’s words, so a product that marks five fails here first', async () => {
    const block = (text: string) => ({ type: 'text', text, cache_control: { type: 'ephemeral' } });
    const body = (n: number) => ({ model: 'counted', max_tokens: 100, system: ['a', 'b', 'c', 'd', 'e'].slice(0, n).map(block), messages: [{ role: 'user', content: 'hi' }] });
    const post = (n: number) => fetch(`${server.url}/v1/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body(n)) });
    const refused = await post(5);
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({ error: { type: 'invalid_request_error', message: 'A maximum of 4 blocks with cache_control may be provided. Found 5.' } });
    expect((await post(4)).status).toBe(200);
  });
});

describe('routing over both SDKs', () => {
  const router = (route: string) =>
    new LlmRouter(
      {
        openai: new OpenAiProvider({ apiKey: 'k', baseURL: `${server.url}/v1`, deadlines: { firstTokenMs: 300 } }),
        anthropic: new AnthropicProvider({ apiKey: 'k', baseURL: server.url, deadlines: { firstTokenMs: 300 } }),
      },
      modelRouteSchema.parse(route),
      { retry: { attempts: 2, baseDelayMs: 10, maxRetryAfterMs: 5000 }, prices: new PriceTable({ ok: { input: 3, output: 15, cachedInput: 0.3 } }) },
    );

  async function run(r: LlmRouter) {
    const events: RouterEvent[] = [];
    try {
      for await (const e of r.stream({ system: { static: 's' }, messages: [{ role: 'user', content: 'hi' }], maxOutputTokens: 100 })) events.push(e);
      return { events };
    } catch (error) {
      if (!(error instanceof LlmError)) throw error;
      return { events, error };
    }
  }

  it.each([
    ['openai:down-500,anthropic:ok', 'LLM_UNAVAILABLE'],
    ['openai:down-429,anthropic:ok', 'LLM_RATE_LIMITED'],
    ['openai:down-hang,anthropic:ok', 'LLM_TIMEOUT'],
    ['anthropic:down-500,openai:ok', 'LLM_UNAVAILABLE'],
  ])(
    '%s: the first route fails (%s) and the second delivers the reply',
    async (route, code) => {
      const { events, error } = await run(router(route));
      expect(error).toBeUndefined();
      expect(events.find((e) => e.type === 'fallback')).toMatchObject({ error: { code } });
      expect(
        events
          .filter((e) => e.type === 'delta')
          .map((e) => (e as { text: string }).text)
          .join(''),
      ).toBe(REPLY);
      // Usage through the real SDK, priced: 300 uncached × $3 + 1200 cached × $0.30 + 40 out × $15, per million.
      expect(events.at(-1)).toMatchObject({ type: 'done', model: 'ok', finishReason: 'stop', usage: { inputTokens: 1500, outputTokens: 40, cachedInputTokens: 1200 }, costUsd: 0.00186 });
    },
    20_000,
  );

  it('a cut after text has streamed is reported, not retried elsewhere', async () => {
    const before = server.requests.filter((r) => r.model === 'ok').length;
    const { events, error } = await run(router('anthropic:cut-route,openai:ok'));
    expect(error?.code).toBe('LLM_STREAM_CUT');
    expect(error?.partial).toBe(true);
    expect(events.some((e) => e.type === 'delta')).toBe(true);
    expect(server.requests.filter((r) => r.model === 'ok').length).toBe(before);
  });
});
