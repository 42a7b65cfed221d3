import { createHash } from 'node:crypto';

/** One block of a prompt as a provider reads it, in order: its tokens, and whether a cache breakpoint ends it. */
export interface PromptBlock {
  tokens: readonly number[];
  breakpoint?: boolean;
}

/** The input a reply's usage reports: all of it, the part read from cache, the part written to cache (Anthropic). */
export interface PromptUsage {
  input: number;
  cached: number;
  created: number;
}

/** OpenAI caches prompts of at least this many tokens, and the prefix it serves grows in steps of OPENAI_STEP. */
export const OPENAI_MIN_PREFIX = 1024;
export const OPENAI_STEP = 128;
/** Anthropic caches nothing shorter than this (Sonnet and Opus; Haiku's minimum is higher). */
export const ANTHROPIC_MIN_PREFIX = 1024;
/** How many block boundaries before a breakpoint Anthropic also looks for an earlier cache entry. */
export const ANTHROPIC_LOOKBACK = 20;

/**
 * A provider's prompt cache, as much of it as a test can see: prefixes of earlier requests, keyed by their
 * content (and the model: providers keep a cache per model), never by conversation, so two projects that send
 * the same static prompt share it as they would at the provider. Bounded: the least recently used prefixes go
 * first, and an entry lives `ttlMs` after it was last written or read (five minutes at both providers).
 */
export class PromptCache {
  private readonly entries = new Map<string, number>();

  constructor(
    private readonly maxEntries = 50_000,
    private readonly ttlMs = 5 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /**
   * OpenAI: the longest prefix an earlier request sent is served, whatever its blocks, counted from 1024 tokens
   * in steps of 128; every such prefix of this request is remembered.
   */
  automatic(scope: string, blocks: readonly PromptBlock[]): PromptUsage {
    const tokens = blocks.flatMap((b) => b.tokens);
    const ends: number[] = [];
    for (let end = OPENAI_MIN_PREFIX; end <= tokens.length; end += OPENAI_STEP) ends.push(end);
    const keys = prefixKeys(scope, tokens, ends);
    let cached = 0;
    ends.forEach((end, i) => {
      if (this.has(keys[i])) cached = end;
    });
    for (const key of keys) this.put(key);
    return { input: tokens.length, cached, created: 0 };
  }

  /**
   * Anthropic: only prefixes that end at a breakpoint are written; each breakpoint reads the longest prefix
   * written before that ends at it or at one of the 20 block boundaries before it. `created` is what this
   * request writes beyond what it read, up to its last breakpoint.
   */
  explicit(scope: string, blocks: readonly PromptBlock[]): PromptUsage {
    const ends: number[] = [];
    let at = 0;
    for (const b of blocks) ends.push((at += b.tokens.length));
    const keys = prefixKeys(
      scope,
      blocks.flatMap((b) => b.tokens),
      ends,
    );
    const marks = blocks.flatMap((b, i) => (b.breakpoint && ends[i] >= ANTHROPIC_MIN_PREFIX ? [i] : []));
    let cached = 0;
    let read: string | undefined;
    for (const i of marks) {
      for (let j = i; j >= Math.max(0, i - ANTHROPIC_LOOKBACK); j--) {
        if (ends[j] > cached && ends[j] >= ANTHROPIC_MIN_PREFIX && this.has(keys[j])) [cached, read] = [ends[j], keys[j]];
      }
    }
    const last = marks.at(-1);
    const created = last === undefined ? 0 : Math.max(0, ends[last] - cached);
    // A read refreshes the entry's lifetime, as a write does.
    for (const key of [...(read ? [read] : []), ...marks.map((i) => keys[i])]) this.put(key);
    return { input: at, cached, created };
  }

  private has(key: string): boolean {
    const expires = this.entries.get(key);
    if (expires === undefined) return false;
    if (expires <= this.now()) {
      this.entries.delete(key);
      return false;
    }
    return true;
  }

  private put(key: string): void {
    this.entries.delete(key);
    this.entries.set(key, this.now() + this.ttlMs);
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}

/** A key per prefix `tokens[0, end)` for each of the (ascending) ends, hashing the tokens once. */
function prefixKeys(scope: string, tokens: readonly number[], ends: readonly number[]): string[] {
  const hash = createHash('sha256').update(scope).update('\0');
  const keys: string[] = [];
  let from = 0;
  for (const end of ends) {
    if (end > from) hash.update(Buffer.from(Int32Array.from(tokens.slice(from, end)).buffer));
    from = Math.max(from, end);
    keys.push(hash.copy().digest('hex'));
  }
  return keys;
}
