import type { ImagePart } from '../provider.js';
import { buildContext } from './context-builder.js';
import { estimateImageTokens } from './image-tokens.js';
import { TokenCounter } from './token-counter.js';

const image = (width: number, height: number): ImagePart => ({ type: 'image', mediaType: 'image/png', data: 'AAAA', width, height });

describe('estimateImageTokens', () => {
  // OpenAI's published examples: 1024² → 765, 2048×4096 → 1105; a small picture is one tile.
  it.each([
    [1024, 1024, 765],
    [2048, 4096, 1105],
    [4096, 2048, 1105],
    [100, 100, 255],
    [800, 600, 85 + 170 * 4],
  ])('OpenAI: %i×%i is %i tokens', (w, h, tokens) => {
    expect(estimateImageTokens(w, h, 'openai')).toBe(tokens);
  });

  // Anthropic: width×height/750 after fitting the long side in 1568, at most 1600.
  it.each([
    [200, 200, 54],
    [1000, 1000, 1334],
    [1092, 1092, 1590],
    [3000, 2000, 1600],
  ])('Anthropic: %i×%i is %i tokens', (w, h, tokens) => {
    expect(estimateImageTokens(w, h, 'anthropic')).toBe(tokens);
  });

  it('counts an OpenAI-compatible server by the OpenAI rule, and a sizeless picture as something', () => {
    expect(estimateImageTokens(1024, 1024, 'ollama')).toBe(765);
    expect(estimateImageTokens(0, 0)).toBeGreaterThan(0);
    expect(estimateImageTokens(Number.NaN, 10, 'anthropic')).toBeGreaterThan(0);
  });
});

describe('buildContext with pictures', () => {
  const counter = new TokenCounter();
  const base = { staticPrompt: 'You build landing pages.\n', files: [{ path: 'src/App.tsx', content: 'export default () => null;\n' }], maxOutputTokens: 1000 };

  it('puts the pictures in the message, before its text, and counts them in the budget', () => {
    const plain = buildContext({ ...base, contextWindow: 32_000, message: 'Make it look like this' }, counter);
    const pictured = buildContext({ ...base, contextWindow: 32_000, message: 'Make it look like this', images: [image(1024, 1024)], provider: 'openai' }, counter);
    expect(pictured.report.tokens.images).toBe(765);
    expect(pictured.report.tokens.message).toBe(plain.report.tokens.message + 765);
    expect(pictured.report.tokens.total).toBe(plain.report.tokens.total + 765);
    expect(pictured.messages.at(-1)?.content).toEqual([image(1024, 1024), { type: 'text', text: 'Make it look like this' }]);
    expect(plain.messages.at(-1)?.content).toBe('Make it look like this');
  });

  it('counts by the route provider rule', () => {
    const anthropic = buildContext({ ...base, contextWindow: 32_000, message: 'logo', images: [image(1000, 1000)], provider: 'anthropic' }, counter);
    expect(anthropic.report.tokens.images).toBe(1334);
  });

  it('counts the pictures of kept conversation messages, and drops an older one that no longer fits', () => {
    const conversation = [
      { role: 'user' as const, content: [image(2048, 2048), { type: 'text' as const, text: 'like this' }] },
      { role: 'assistant' as const, content: 'Done.' },
    ];
    const roomy = buildContext({ ...base, contextWindow: 32_000, message: 'now bigger', conversation }, counter);
    expect(roomy.messages).toHaveLength(3);
    expect(roomy.report.tokens.conversation).toBeGreaterThan(765);
    // Room for the prompt, the message and the reply, but not for a 765-token picture.
    const tight = buildContext({ ...base, contextWindow: 1_500, message: 'now bigger', conversation }, counter);
    expect(tight.messages.map((m) => m.content)).toEqual(['Done.', 'now bigger']);
    expect(tight.report.tokens.total).toBeLessThanOrEqual(tight.report.budgetTokens);
  });
});
