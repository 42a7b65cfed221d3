import { countO200k } from './o200k.js';

/**
 * BPE merging is quadratic in the length of one pre-tokenized piece, and an unbroken run of characters (a
 * minified line, a pasted hash, 30k letters in a hostile chat message) is one piece: encoded whole, it holds
 * the worker's event loop for minutes, and every other user's turns and previews with it. Runs this long are
 * counted in slices of this many characters; a slice boundary can split at most one token, so a count stays
 * within one token per slice of the exact one, and ordinary text (no such runs) is counted exactly.
 */
const MAX_RUN = 200;
const LONG_RUN = new RegExp(`\\S{${MAX_RUN},}|\\s{${MAX_RUN},}`, 'g');

/** `text` in parts none of which holds a run longer than MAX_RUN. */
export function boundedPieces(text: string): string[] {
  const parts: string[] = [];
  let last = 0;
  for (const m of text.matchAll(LONG_RUN)) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    for (let i = 0; i < m[0].length; i += MAX_RUN) parts.push(m[0].slice(i, i + MAX_RUN));
    last = m.index + m[0].length;
  }
  if (last < text.length || parts.length === 0) parts.push(text.slice(last));
  return parts;
}

/**
 * Counts tokens with a real tokenizer (o200k_base: exact for current OpenAI models, a close estimate for
 * Anthropic's), never characters/4. Counts are cached by a key the caller gives, such as a blob's SHA-256:
 * file contents are immutable by hash, so a count never goes stale and a repeated turn costs nothing.
 */
export class TokenCounter {
  private readonly cache = new Map<string, number>();

  constructor(private readonly maxEntries = 50_000) {}

  count(text: string, key?: string): number {
    if (key) {
      const hit = this.cache.get(key);
      if (hit !== undefined) return hit;
    }
    let n = 0;
    for (const piece of boundedPieces(text)) n += countO200k(piece);
    if (key) {
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, n);
    }
    return n;
  }
}
