import { modelRouteSchema } from './model-route.js';

describe('modelRouteSchema (LLM_ROUTE, LLM_SUMMARY_ROUTE)', () => {
  it('reads provider:model pairs in order', () => {
    expect(modelRouteSchema.parse('anthropic:claude-sonnet-4-5, openai:gpt-4.1')).toEqual([
      { provider: 'anthropic', model: 'claude-sonnet-4-5' },
      { provider: 'openai', model: 'gpt-4.1' },
    ]);
    expect(modelRouteSchema.parse('openai:org/model:latest')).toEqual([{ provider: 'openai', model: 'org/model:latest' }]);
    expect(modelRouteSchema.parse('  ')).toEqual([]);
  });

  it('reads +vision as a declaration that the model sees pictures, and leaves it off the model name', () => {
    const parsed = modelRouteSchema.parse('openai:llava:13b+vision, anthropic:claude-sonnet-4-5');
    expect(parsed).toStrictEqual([
      { provider: 'openai', model: 'llava:13b', vision: true },
      { provider: 'anthropic', model: 'claude-sonnet-4-5' },
    ]);
  });

  it.each(['anthropic', 'openai:', ':gpt-4.1', 'OpenAI:gpt-4.1', 'openai:a,', 'openai:a b', 'openai:+vision'])('refuses the malformed %j', (value) => {
    const parsed = modelRouteSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['must be provider:model pairs separated by commas']);
  });
});
