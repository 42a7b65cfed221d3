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

  it.each(['anthropic', 'openai:', ':gpt-4.1', 'OpenAI:gpt-4.1', 'openai:a,', 'openai:a b'])('refuses the malformed %j', (value) => {
    const parsed = modelRouteSchema.safeParse(value);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual(['must be provider:model pairs separated by commas']);
  });
});
