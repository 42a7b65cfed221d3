import { Tiktoken } from 'js-tiktoken/lite';
import o200k from 'js-tiktoken/ranks/o200k_base';

/**
 * Counts tokens with a real tokenizer (o200k_base: exact for current OpenAI models, a close estimate for
 * Anthropic's), never characters/4. Counts are cached by a key the caller gives, such as a blob's SHA-256:
 * file contents are immutable by hash, so a count never goes stale and a repeated turn costs nothing.
 */
export class TokenCounter {
  private static encoder: Tiktoken | null = null;
  private readonly cache = new Map<string, number>();

  constructor(private readonly maxEntries = 50_000) {}

  count(text: string, key?: string): number {
    if (key) {
      const hit = this.cache.get(key);
      if (hit !== undefined) return hit;
    }
    TokenCounter.encoder ??= new Tiktoken(o200k);
    const n = TokenCounter.encoder.encode(text, 'all').length;
    if (key) {
      if (this.cache.size >= this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
      this.cache.set(key, n);
    }
    return n;
  }
}
