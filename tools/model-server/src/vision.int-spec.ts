import { createHash } from 'node:crypto';
import { modelRouteSchema } from '@studio/config';
import {
  AnthropicProvider,
  type ChatMessage,
  type ChatRequest,
  estimateImageTokens,
  LlmError,
  type LlmProvider,
  LlmRouter,
  OpenAiProvider,
  PriceTable,
  type RouterEvent,
  type StreamEvent,
} from '@studio/llm';
import sharp from 'sharp';
import type { Scenario } from './scenario.js';
import { type ScriptedModelServer, startScriptedModelServer } from './server.js';

/** Pictures through both real SDKs and drivers to the scripted server: the format each provider wants, and their tokens. */
const REPLY = '<response>I used your logo.</response>\n';
// Scenario ids are model names: vision-capable ones, so the router keeps them for a request with pictures.
const scenarios: Record<string, Scenario> = {
  'gpt-4o-scripted': { reply: REPLY, usage: { input: 1500, output: 10, cached: 1200 } },
  'claude-sonnet-4-5-scripted': { reply: REPLY, usage: { input: 1500, output: 10, cached: 1200 } },
  'llama3-scripted': { reply: 'I cannot see.' },
};

let server: ScriptedModelServer;
let png: Buffer;
let jpeg: Buffer;
beforeAll(async () => {
  server = await startScriptedModelServer(scenarios);
  png = await sharp({ create: { width: 1024, height: 768, channels: 3, background: '#3366cc' } })
    .png()
    .toBuffer();
  jpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: '#cc6633' } })
    .jpeg()
    .toBuffer();
});
afterAll(() => server.close());

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const withPictures = (): ChatMessage[] => [
  { role: 'user', content: 'Earlier message' },
  { role: 'assistant', content: 'Earlier answer' },
  {
    role: 'user',
    content: [
      { type: 'text', text: 'Use this logo in the navbar' },
      { type: 'image', mediaType: 'image/png', data: png.toString('base64'), width: 1024, height: 768 },
      { type: 'image', mediaType: 'image/jpeg', data: jpeg.toString('base64'), width: 300, height: 200 },
    ],
  },
];

const request = (model: string, messages: ChatMessage[]): ChatRequest => ({ model, system: { static: 'You write landing pages.' }, messages, maxOutputTokens: 500 });

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

const drivers: ['openai' | 'anthropic', string, () => LlmProvider][] = [
  ['openai', 'gpt-4o-scripted', () => new OpenAiProvider({ apiKey: 'test-key', baseURL: `${server.url}/v1` })],
  ['anthropic', 'claude-sonnet-4-5-scripted', () => new AnthropicProvider({ apiKey: 'test-key', baseURL: server.url })],
];

describe.each(drivers)('%s driver with pictures', (name, model, make) => {
  it("delivers each picture in the provider's own format, and the usage counts them", async () => {
    const { events, error } = await collect(make(), request(model, withPictures()));
    expect(error).toBeUndefined();
    const received = server.requests.filter((r) => r.protocol === name).at(-1)!;
    expect(received.images).toEqual([
      { format: name, mediaType: 'image/png', bytes: png.length, sha256: sha(png), width: 1024, height: 768, tokens: estimateImageTokens(1024, 768, name) },
      { format: name, mediaType: 'image/jpeg', bytes: jpeg.length, sha256: sha(jpeg), width: 300, height: 200, tokens: estimateImageTokens(300, 200, name) },
    ]);
    const last = (received.body.messages as { content: unknown }[]).at(-1)!.content;
    if (name === 'openai') {
      expect(last).toEqual([
        { type: 'text', text: 'Use this logo in the navbar' },
        { type: 'image_url', image_url: { url: `data:image/png;base64,${png.toString('base64')}`, detail: 'auto' } },
        { type: 'image_url', image_url: { url: `data:image/jpeg;base64,${jpeg.toString('base64')}`, detail: 'auto' } },
      ]);
    } else {
      // Pictures first, then the text, as Anthropic advises; the static prompt keeps its cache marker.
      expect(last).toEqual([
        { type: 'image', source: { type: 'base64', media_type: 'image/png', data: png.toString('base64') } },
        { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: jpeg.toString('base64') } },
        { type: 'text', text: 'Use this logo in the navbar' },
      ]);
      expect((received.body.system as unknown[])[0]).toMatchObject({ cache_control: { type: 'ephemeral' } });
    }
    const imageTokens = estimateImageTokens(1024, 768, name) + estimateImageTokens(300, 200, name);
    expect(imageTokens).toBeGreaterThan(0);
    expect(events.at(-1)).toEqual({ type: 'done', usage: { inputTokens: 1500 + imageTokens, outputTokens: 10, cachedInputTokens: 1200 }, finishReason: 'stop' });
  });

  it('records no pictures for a text-only request, and reports the scripted usage unchanged', async () => {
    const { events } = await collect(make(), request(model, [{ role: 'user', content: 'Make a hero' }]));
    expect(server.requests.filter((r) => r.protocol === name).at(-1)!.images).toEqual([]);
    expect(events.at(-1)).toMatchObject({ usage: { inputTokens: 1500 } });
  });

  it('is refused (LLM_REQUEST_REFUSED, as by the real API) when the bytes are not the declared picture type', async () => {
    const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'image', mediaType: 'image/png', data: jpeg.toString('base64'), width: 300, height: 200 }] }];
    const { error } = await collect(make(), request(model, messages));
    expect(error?.code).toBe('LLM_REQUEST_REFUSED');
  });
});

describe('router with pictures through the real SDKs', () => {
  const router = (route: string) =>
    new LlmRouter({ openai: new OpenAiProvider({ apiKey: 'k', baseURL: `${server.url}/v1` }), anthropic: new AnthropicProvider({ apiKey: 'k', baseURL: server.url }) }, modelRouteSchema.parse(route), {
      prices: new PriceTable({ 'claude-sonnet-4-5-scripted': { input: 3, output: 15, cachedInput: 0.3 } }),
    });

  async function run(r: LlmRouter, messages: ChatMessage[]) {
    const events: RouterEvent[] = [];
    try {
      for await (const e of r.stream({ system: { static: 's' }, messages, maxOutputTokens: 100 })) events.push(e);
      return { events };
    } catch (error) {
      if (!(error instanceof LlmError)) throw error;
      return { events, error };
    }
  }

  it('skips the model that cannot see, answers from one that can, and the pictures raise the cost', async () => {
    const before = server.requests.filter((r) => r.model === 'llama3-scripted').length;
    const pictured = await run(router('openai:llama3-scripted,anthropic:claude-sonnet-4-5-scripted'), withPictures());
    expect(pictured.error).toBeUndefined();
    expect(pictured.events[0]).toEqual({ type: 'skipped', provider: 'openai', model: 'llama3-scripted', reason: 'cannot-see-images' });
    expect(server.requests.filter((r) => r.model === 'llama3-scripted')).toHaveLength(before);
    expect(server.requests.at(-1)).toMatchObject({ protocol: 'anthropic', model: 'claude-sonnet-4-5-scripted' });
    expect(server.requests.at(-1)!.images.map((i) => i.sha256)).toEqual([sha(png), sha(jpeg)]);

    const plain = await run(router('anthropic:claude-sonnet-4-5-scripted'), [{ role: 'user', content: 'Use a logo' }]);
    const cost = (events: RouterEvent[]) => events.flatMap((e) => (e.type === 'done' ? [e.costUsd ?? 0] : []))[0];
    expect(cost(pictured.events)).toBeGreaterThan(cost(plain.events));
  });

  it('uses an unknown model the route declares +vision', async () => {
    const { events, error } = await run(router('openai:llama3-scripted+vision'), withPictures());
    expect(error).toBeUndefined();
    expect(events.at(-1)).toMatchObject({ type: 'done', model: 'llama3-scripted' });
    expect(server.requests.at(-1)!.images).toHaveLength(2);
  });

  it('fails with MODEL_CANNOT_SEE_IMAGES, sending nothing, when no model of the route can see', async () => {
    const count = server.requests.length;
    const { error } = await run(router('openai:llama3-scripted'), withPictures());
    expect(error?.code).toBe('MODEL_CANNOT_SEE_IMAGES');
    expect(server.requests).toHaveLength(count);
  });
});
