import type { Usage } from '../provider.js';

/** USD per million tokens. Cached input is what a prompt-cache hit costs instead of the input price. */
export interface ModelPrice {
  input: number;
  output: number;
  cachedInput: number;
}

/**
 * Defaults for models the product is commonly routed to; `LLM_PRICES` (JSON, model → price) overrides or adds.
 * An unknown model costs 0 and says so in the usage record, never a guess.
 */
export const DEFAULT_PRICES: Record<string, ModelPrice> = {
  'claude-sonnet-4-5': { input: 3, output: 15, cachedInput: 0.3 },
  'claude-haiku-4-5': { input: 1, output: 5, cachedInput: 0.1 },
  'gpt-4.1': { input: 2, output: 8, cachedInput: 0.5 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6, cachedInput: 0.1 },
};

export class PriceTable {
  private readonly prices: Record<string, ModelPrice>;

  constructor(overrides: Record<string, ModelPrice> = {}) {
    this.prices = { ...DEFAULT_PRICES, ...overrides };
  }

  static fromJson(json: string | undefined): PriceTable {
    return new PriceTable(json ? (JSON.parse(json) as Record<string, ModelPrice>) : {});
  }

  /** The call's cost in USD, or null when the model has no price. */
  cost(model: string, usage: Usage): number | null {
    const price = this.prices[model];
    if (!price) return null;
    const uncached = Math.max(0, usage.inputTokens - usage.cachedInputTokens);
    const usd = (uncached * price.input + usage.cachedInputTokens * price.cachedInput + usage.outputTokens * price.output) / 1e6;
    return Math.round(usd * 1e6) / 1e6;
  }
}
