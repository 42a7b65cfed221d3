import { z } from 'zod';

/** One model of a route: a provider (`openai`, `anthropic`) and the model it serves. */
export interface ModelRoute {
  provider: string;
  model: string;
  /** The entry ended in `+vision`: the model sees pictures though libs/llm does not know it (a local llava). */
  vision?: boolean;
}

// A model name never starts with `+`, so `openai:+vision` (a flag without a model) is refused.
const ENTRY = '[a-z]+:[^,\\s+][^,\\s]*';
const ROUTE = new RegExp(`^\\s*$|^\\s*${ENTRY}(\\s*,\\s*${ENTRY})*\\s*$`);
const VISION_FLAG = '+vision';

/**
 * `provider:model` pairs in order, the first preferred (`anthropic:claude-sonnet-4-5,openai:gpt-4.1`), as
 * LLM_ROUTE and LLM_SUMMARY_ROUTE spell them; `+vision` after a model declares that it can see pictures
 * (`openai:llava:13b+vision`). Only for a value the pattern accepted: split at the first colon.
 */
function parseModelRoute(value: string): ModelRoute[] {
  if (!value.trim()) return [];
  return value.split(',').map((part) => {
    const trimmed = part.trim();
    const colon = trimmed.indexOf(':');
    const model = trimmed.slice(colon + 1);
    const provider = trimmed.slice(0, colon);
    return model.endsWith(VISION_FLAG) ? { provider, model: model.slice(0, -VISION_FLAG.length), vision: true } : { provider, model };
  });
}

/** The schema of a route variable: refused unless every entry is `provider:model`; parsed into its models, in order. */
export const modelRouteSchema = z.string().regex(ROUTE, { message: 'must be provider:model pairs separated by commas' }).transform(parseModelRoute);
