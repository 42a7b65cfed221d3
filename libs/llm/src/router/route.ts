import { LlmError } from '../llm-error.js';

export interface Route {
  provider: string;
  model: string;
}

/** `LLM_ROUTE`: `provider:model` pairs in order, the first preferred (`anthropic:claude-sonnet-4-5,openai:gpt-4.1`). */
export function parseRoute(value: string | undefined): Route[] {
  if (!value?.trim()) return [];
  return value.split(',').map((part) => {
    const trimmed = part.trim();
    const colon = trimmed.indexOf(':');
    if (colon <= 0 || colon === trimmed.length - 1) {
      throw new LlmError('LLM_NOT_CONFIGURED', `LLM_ROUTE entry "${trimmed}" is not provider:model`);
    }
    return { provider: trimmed.slice(0, colon).toLowerCase(), model: trimmed.slice(colon + 1) };
  });
}
