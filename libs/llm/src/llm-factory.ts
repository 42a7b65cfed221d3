import type { LlmProvider } from './provider.js';
import { AnthropicProvider } from './providers/anthropic.provider.js';
import { OpenAiProvider } from './providers/openai.provider.js';
import type { ProviderFetch } from './providers/sdk-errors.js';
import { LlmRouter } from './router/llm-router.js';
import { PriceTable } from './router/pricing.js';
import type { Route } from './router/route.js';

/** The model settings (the LLM_* and provider variables of the README), already validated and parsed by libs/config. */
export interface LlmSettings {
  OPENAI_API_KEY?: string;
  OPENAI_BASE_URL?: string;
  ANTHROPIC_API_KEY?: string;
  ANTHROPIC_BASE_URL?: string;
  LLM_ROUTE: Route[];
  LLM_SUMMARY_ROUTE?: Route[];
  LLM_PRICES?: string;
  LLM_FIRST_TOKEN_TIMEOUT_MS: number;
  LLM_TIMEOUT_MS: number;
}

/**
 * A driver for each provider that has a key. A route naming one without a key fails with LLM_NOT_CONFIGURED.
 * `fetch` replaces the SDKs' own (a person's own key's base URL is not trusted configuration).
 */
export function createProviders(s: LlmSettings, fetch?: ProviderFetch): Record<string, LlmProvider> {
  const deadlines = { firstTokenMs: s.LLM_FIRST_TOKEN_TIMEOUT_MS, totalMs: s.LLM_TIMEOUT_MS };
  const providers: Record<string, LlmProvider> = {};
  if (s.OPENAI_API_KEY) providers.openai = new OpenAiProvider({ apiKey: s.OPENAI_API_KEY, baseURL: s.OPENAI_BASE_URL, deadlines, fetch });
  if (s.ANTHROPIC_API_KEY) providers.anthropic = new AnthropicProvider({ apiKey: s.ANTHROPIC_API_KEY, baseURL: s.ANTHROPIC_BASE_URL, deadlines, fetch });
  return providers;
}

/** The routers a worker needs: one for chat turns, one (cheaper, by default the same) for summaries. */
export function createRouters(s: LlmSettings): { chat: LlmRouter; summary: LlmRouter } {
  const providers = createProviders(s);
  const prices = PriceTable.fromJson(s.LLM_PRICES);
  const chat = new LlmRouter(providers, s.LLM_ROUTE, { prices });
  const summary = s.LLM_SUMMARY_ROUTE ? new LlmRouter(providers, s.LLM_SUMMARY_ROUTE, { prices }) : chat;
  return { chat, summary };
}
