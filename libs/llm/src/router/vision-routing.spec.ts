import { LlmError } from '../llm-error.js';
import type { ChatMessage, ChatRequest, LlmProvider, StreamEvent } from '../provider.js';
import { LlmRouter, type RouterEvent } from './llm-router.js';
import type { Route } from './route.js';

/** A provider that answers every call and remembers the models it was asked for. */
class AnsweringProvider implements LlmProvider {
  models: string[] = [];
  constructor(readonly name: string) {}

  async *stream(request: ChatRequest): AsyncIterable<StreamEvent> {
    this.models.push(request.model);
    yield { type: 'delta', text: 'ok' };
    yield { type: 'done', usage: { inputTokens: 10, outputTokens: 1, cachedInputTokens: 0 }, finishReason: 'stop' };
  }
}

const pixel = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';
const withPicture: ChatMessage[] = [
  {
    role: 'user',
    content: [
      { type: 'image', mediaType: 'image/png', data: pixel, width: 1, height: 1 },
      { type: 'text', text: 'make it look like this' },
    ],
  },
];
const textOnly: ChatMessage[] = [{ role: 'user', content: 'make it blue' }];

async function run(router: LlmRouter, messages: ChatMessage[]) {
  const events: RouterEvent[] = [];
  try {
    for await (const e of router.stream({ system: { static: 's' }, messages, maxOutputTokens: 100 })) events.push(e);
    return { events, error: null };
  } catch (error) {
    if (!(error instanceof LlmError)) throw error;
    return { events, error };
  }
}

function setup(routes: Route[]) {
  const openai = new AnsweringProvider('openai');
  const anthropic = new AnsweringProvider('anthropic');
  return { openai, anthropic, router: new LlmRouter({ openai, anthropic }, routes) };
}

describe('LlmRouter with pictures', () => {
  it('skips a model that cannot see pictures, says so, and answers from the next one', async () => {
    const { openai, anthropic, router } = setup([
      { provider: 'openai', model: 'llama3:8b' },
      { provider: 'anthropic', model: 'claude-sonnet-4-5' },
    ]);
    const { events, error } = await run(router, withPicture);
    expect(error).toBeNull();
    expect(openai.models).toEqual([]);
    expect(anthropic.models).toEqual(['claude-sonnet-4-5']);
    expect(events[0]).toEqual({ type: 'skipped', provider: 'openai', model: 'llama3:8b', reason: 'cannot-see-images' });
    expect(events.at(-1)).toMatchObject({ type: 'done', provider: 'anthropic', model: 'claude-sonnet-4-5' });
  });

  it('keeps the same model for a text-only request', async () => {
    const { openai, router } = setup([
      { provider: 'openai', model: 'llama3:8b' },
      { provider: 'anthropic', model: 'claude-sonnet-4-5' },
    ]);
    const { events } = await run(router, textOnly);
    expect(openai.models).toEqual(['llama3:8b']);
    expect(events.some((e) => e.type === 'skipped')).toBe(false);
  });

  it('uses an unknown model whose route entry declares +vision', async () => {
    const { openai, router } = setup([{ provider: 'openai', model: 'llava:13b', vision: true }]);
    const { error } = await run(router, withPicture);
    expect(error).toBeNull();
    expect(openai.models).toEqual(['llava:13b']);
  });

  it('refuses with MODEL_CANNOT_SEE_IMAGES when no model of the route can see, calling none', async () => {
    const { openai, anthropic, router } = setup([
      { provider: 'openai', model: 'gpt-3.5-turbo' },
      { provider: 'openai', model: 'qwen2.5-coder' },
    ]);
    const { events, error } = await run(router, withPicture);
    expect(error?.code).toBe('MODEL_CANNOT_SEE_IMAGES');
    expect(error?.retryable).toBe(false);
    expect(events.map((e) => e.type)).toEqual(['skipped', 'skipped']);
    expect(openai.models).toEqual([]);
    expect(anthropic.models).toEqual([]);
  });
});
