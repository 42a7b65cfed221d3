import { canSeeImages, contextWindowOf } from './models.js';

describe('canSeeImages', () => {
  it.each(['gpt-4o', 'gpt-4o-mini', 'gpt-4.1-nano', 'gpt-5', 'o3', 'o4-mini', 'claude-3-5-sonnet-latest', 'claude-sonnet-4-5', 'claude-opus-4-1', 'openai/gpt-4o'])(
    'knows %s sees pictures',
    (model) => {
      expect(canSeeImages(model)).toBe(true);
    },
  );

  it.each(['gpt-3.5-turbo', 'gpt-4', 'o3-mini', 'claude-2.1', 'claude-instant-1.2', 'llama3:8b', 'qwen2.5-coder'])('does not assume %s sees pictures', (model) => {
    expect(canSeeImages(model)).toBe(false);
  });

  it('lets the route entry decide for any model', () => {
    expect(canSeeImages('llava:13b', true)).toBe(true);
    expect(canSeeImages('gpt-4o', false)).toBe(false);
  });

  it('keeps the context windows as they were', () => {
    expect(contextWindowOf('claude-sonnet-4-5')).toBe(200_000);
    expect(contextWindowOf('llava:13b')).toBe(32_000);
  });
});
