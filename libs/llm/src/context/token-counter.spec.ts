import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';
import { boundedPieces, TokenCounter } from './token-counter.js';

describe('TokenCounter', () => {
  const exact = new Tiktoken(o200k);

  it('counts ordinary text exactly', () => {
    const text = 'export default function Hero() {\n  return <h1 className="hero">Hello, world</h1>;\n}\n'.repeat(50);
    expect(new TokenCounter().count(text)).toBe(exact.encode(text, 'all').length);
  });

  it('counts what tiktoken counts: o200k_base special tokens as one token each, other <|...|> and any script as text', () => {
    const texts = [
      '<|endoftext|> hi <|endofprompt|> <|im_start|> <|fim_prefix|><|endoftext|><|endoftext|>',
      '<|endofprompt|>',
      "I'm sure they'RE here, we'll see: WE'VE 12345678 items\r\n\r\n\t x  \n",
      '日本語のテキスト、😀👍🏽 café naïve a\u0301 ﬁ \u200b \uD800 alone',
      'const close = "</code>"; // <|end|> is not special in o200k_base\n'.repeat(20),
    ];
    for (const text of texts) expect(new TokenCounter().count(text)).toBe(exact.encode(text, 'all').length);
  });

  it('counts unbroken runs of any length in bounded slices, close to the exact count (encoding them whole is quadratic)', () => {
    // A run short enough to encode exactly here, to compare against; the slices may split a token each.
    const run = 'ab9Zq'.repeat(400);
    const sliced = new TokenCounter().count(run);
    const whole = exact.encode(run, 'all').length;
    expect(Math.abs(sliced - whole)).toBeLessThanOrEqual(Math.ceil(run.length / 200));
    // What a hostile chat message sends: 32k letters and 32k spaces. Counted (no hang), and not absurdly.
    for (const hostile of ['x'.repeat(32_000), ' '.repeat(32_000), 'é'.repeat(32_000)]) {
      const n = new TokenCounter().count(hostile);
      expect(n).toBeGreaterThan(0);
      expect(n).toBeLessThanOrEqual(hostile.length);
    }
  });

  it('splits only runs longer than the bound, and keeps every character', () => {
    const text = `short words ${'y'.repeat(450)} and more ${' '.repeat(250)}end`;
    const pieces = boundedPieces(text);
    expect(pieces.join('')).toBe(text);
    for (const p of pieces) expect(/\S{201,}|\s{201,}/.test(p)).toBe(false);
    expect(boundedPieces('plain text')).toEqual(['plain text']);
    expect(boundedPieces('')).toEqual(['']);
  });
});
