import { createProviders, createRouters, type LlmSettings } from './llm-factory.js';
import { contextWindowOf } from './models.js';

const base: LlmSettings = { LLM_ROUTE: [], LLM_FIRST_TOKEN_TIMEOUT_MS: 30_000, LLM_TIMEOUT_MS: 300_000 };

describe('createRouters', () => {
  it('makes a driver only for providers with a key', () => {
    expect(Object.keys(createProviders(base))).toEqual([]);
    expect(Object.keys(createProviders({ ...base, OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' })).sort()).toEqual(['anthropic', 'openai']);
  });

  it('with no model configured, a turn fails with LLM_NOT_CONFIGURED (and nothing else breaks)', async () => {
    const { chat } = createRouters(base);
    await expect(chat.stream({ system: { static: 's' }, messages: [], maxOutputTokens: 1 }).next()).rejects.toMatchObject({ code: 'LLM_NOT_CONFIGURED' });
  });

  it('reads the route in order, and a separate summary route', () => {
    const { chat, summary } = createRouters({
      ...base,
      ANTHROPIC_API_KEY: 'k',
      LLM_ROUTE: [
        { provider: 'anthropic', model: 'claude-sonnet-4-5' },
        { provider: 'openai', model: 'gpt-4.1' },
      ],
      LLM_SUMMARY_ROUTE: [{ provider: 'anthropic', model: 'claude-haiku-4-5' }],
    });
    expect(chat.routes.map((r) => r.model)).toEqual(['claude-sonnet-4-5', 'gpt-4.1']);
    expect(summary.routes).toEqual([{ provider: 'anthropic', model: 'claude-haiku-4-5' }]);
  });
});

describe('contextWindowOf', () => {
  it('knows the common models and is conservative about the rest', () => {
    expect(contextWindowOf('claude-sonnet-4-5')).toBe(200_000);
    expect(contextWindowOf('gpt-4.1-mini')).toBe(1_047_576);
    expect(contextWindowOf('llama3:8b')).toBe(32_000);
    expect(contextWindowOf('llama3:8b', 8192)).toBe(8192);
  });
});
