import { createRequire } from 'node:module';

type Encoding = typeof import('gpt-tokenizer/encoding/o200k_base');

/**
 * o200k_base's own special tokens, as tiktoken lists them: where text holds one, it is one token. gpt-tokenizer
 * is told of none (PLAIN) and these are split out here, because its o200k_base lists more (`<|im_start|>`,
 * `<|fim_prefix|>`...) that tiktoken counts as ordinary text, and 4.0.0 misplaces a second allowed one in a text.
 */
const SPECIAL = /<\|endoftext\|>|<\|endofprompt\|>/g;
const PLAIN = { allowedSpecial: new Set<string>(), disallowedSpecial: new Set<string>() };

let encoding: Encoding | null = null;

/**
 * Loaded on the first count, not when @studio/llm is imported: the rank table costs about 0.35 s and 25 MB of
 * heap, which the processes that import the library but never count should not pay. (A static import of
 * gpt-tokenizer builds the table at import time; its CommonJS build, required here, is the same code.)
 */
function load(): Encoding {
  return (encoding ??= createRequire(import.meta.url)('gpt-tokenizer/encoding/o200k_base') as Encoding);
}

/**
 * The o200k_base token count of `text`, the same as tiktoken's `encode(text, 'all').length`. gpt-tokenizer over
 * js-tiktoken: the same ranks and split pattern, about three times the throughput (js-tiktoken turns every piece
 * into UTF-8 bytes and a joined string key), and a bounded cache of merged pieces, which code repeats a lot.
 */
export function countO200k(text: string): number {
  const enc = load();
  let n = 0;
  let last = 0;
  for (const m of text.matchAll(SPECIAL)) {
    n += enc.countTokens(text.slice(last, m.index), PLAIN) + 1;
    last = m.index + m[0].length;
  }
  return n + enc.countTokens(last ? text.slice(last) : text, PLAIN);
}
