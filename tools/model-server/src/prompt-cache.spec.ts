import { promptBlocks, tokensOf } from './prompt-blocks.js';
import { type PromptBlock, PromptCache } from './prompt-cache.js';

/** `n` tokens that no other run shares unless it uses the same `seed`. */
const run = (seed: number, n: number): number[] => Array.from({ length: n }, (_, i) => seed * 100_000 + i);
const block = (tokens: number[], breakpoint = false): PromptBlock => ({ tokens, breakpoint });

describe('PromptCache.automatic (OpenAI)', () => {
  it('serves the longest prefix an earlier request sent, from 1024 tokens in steps of 128', () => {
    const cache = new PromptCache();
    const first = [block(run(1, 3000)), block(run(2, 500))];
    expect(cache.automatic('m', first)).toEqual({ input: 3500, cached: 0, created: 0 });
    // The same 3000 tokens, then something else: 1024 + 15 × 128 = 2944 of them are served.
    expect(cache.automatic('m', [block(run(1, 3000)), block(run(3, 800))])).toEqual({ input: 3800, cached: 2944, created: 0 });
    // Identical again: everything up to the last whole step.
    expect(cache.automatic('m', first)).toEqual({ input: 3500, cached: 3456, created: 0 });
  });

  it('caches nothing below 1024 tokens of shared prefix', () => {
    const cache = new PromptCache();
    cache.automatic('m', [block(run(1, 1000)), block(run(2, 2000))]);
    expect(cache.automatic('m', [block(run(1, 1000)), block(run(3, 2000))]).cached).toBe(0);
  });

  it('is keyed by the prefix content and the model, not by who sent it', () => {
    const cache = new PromptCache();
    cache.automatic('m', [block(run(1, 2048))]);
    // Another conversation (say another project) with the same static prompt gets it from cache.
    expect(cache.automatic('m', [block(run(1, 2048)), block(run(9, 100))]).cached).toBe(2048);
    expect(cache.automatic('other-model', [block(run(1, 2048))]).cached).toBe(0);
  });

  it('forgets the least recently used prefixes past its bound, and entries past their lifetime', () => {
    let now = 0;
    const small = new PromptCache(10, 1000, () => now);
    small.automatic('m', [block(run(1, 2048))]); // 9 prefixes
    small.automatic('m', [block(run(2, 2048))]); // 9 more: the first request's 8 oldest go
    expect(small.size).toBe(10);
    expect(small.automatic('m', [block(run(1, 1500))]).cached).toBe(0);
    now = 5000;
    expect(small.automatic('m', [block(run(2, 2048))]).cached).toBe(0);
  });
});

describe('PromptCache.explicit (Anthropic)', () => {
  const system = run(1, 3000);
  const files = run(2, 6000);

  it('writes only prefixes that end at a breakpoint, then reads them; input is all of it', () => {
    const cache = new PromptCache();
    const first = cache.explicit('m', [block(system, true), block(files, true), block(run(3, 200))]);
    // Written up to the last breakpoint; the rest is plain input.
    expect(first).toEqual({ input: 9200, cached: 0, created: 9000 });
    const again = cache.explicit('m', [block(system, true), block(files, true), block(run(4, 300))]);
    expect(again).toEqual({ input: 9300, cached: 9000, created: 0 });
  });

  it('reads up to the last breakpoint seen before and writes the new ones beyond it', () => {
    const cache = new PromptCache();
    cache.explicit('m', [block(system, true), block(files, true)]);
    const changed = cache.explicit('m', [block(system, true), block(run(5, 6000), true), block(run(6, 100))]);
    expect(changed).toEqual({ input: 9100, cached: 3000, created: 6000 });
  });

  it('serves nothing without breakpoints, however often the prefix is sent', () => {
    const cache = new PromptCache();
    cache.explicit('m', [block(system), block(files)]);
    expect(cache.explicit('m', [block(system), block(files)])).toEqual({ input: 9000, cached: 0, created: 0 });
  });

  it('finds an entry at one of the 20 block boundaries before a breakpoint, and ignores prefixes under 1024 tokens', () => {
    const cache = new PromptCache();
    cache.explicit('m', [block(run(7, 500), true), block(system, true)]);
    // The 500-token prefix was too short to write; the 3500 one was, and is found two blocks before the mark.
    const later = cache.explicit('m', [block(run(7, 500)), block(system), block(run(8, 10)), block(run(9, 10), true)]);
    expect(later).toEqual({ input: 3520, cached: 3500, created: 20 });
  });
});

describe('promptBlocks', () => {
  it('counts both protocols with one tokenizer and 3 tokens of framing a message, and keeps Anthropic breakpoints', () => {
    const text = 'You build landing pages.';
    const n = tokensOf(text).length;
    const openai = promptBlocks(
      'openai',
      {
        messages: [
          { role: 'system', content: text },
          { role: 'user', content: [{ type: 'text', text }] },
        ],
      },
      [],
    );
    expect(openai.map((b) => b.tokens.length)).toEqual([n + 3, n + 3]);
    const anthropic = promptBlocks('anthropic', { system: [{ type: 'text', text, cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: text }] }, []);
    expect(anthropic.map((b) => [b.tokens.length, b.breakpoint ?? false])).toEqual([
      [n + 3, true],
      [n + 3, false],
    ]);
  });

  it('makes a picture as many tokens as it costs, the same ones for the same bytes', () => {
    const image = { format: 'openai' as const, mediaType: 'image/png', bytes: 10, sha256: 'ab'.repeat(32), width: 10, height: 10, tokens: 85 };
    const body = { messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AA==' } }] }] };
    const [a] = promptBlocks('openai', body, [image]);
    const [b] = promptBlocks('openai', body, [image]);
    expect(a.tokens.length).toBe(85 + 3);
    expect(a.tokens).toEqual(b.tokens);
  });
});
