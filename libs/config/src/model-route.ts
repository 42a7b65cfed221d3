import { z } from 'zod';

/** One model of a route: a provider (`openai`, `anthropic`) and the model it serves. */
export interface ModelRoute {
  provider: string;
  model: string;
}

const ROUTE = /^\s*$|^\s*[a-z]+:[^,\s]+(\s*,\s*[a-z]+:[^,\s]+)*\s*$/;

/**
 * `provider:model` pairs in order, the first preferred (`anthropic:claude-sonnet-4-5,openai:gpt-4.1`), as
 * LLM_ROUTE and LLM_SUMMARY_ROUTE spell them. Only for a value the pattern accepted: split at the first colon.
 */
function parseModelRoute(value: string): ModelRoute[] {
  if (!value.trim()) return [];
  return value.split(',').map((part) => {
    const trimmed = part.trim();
    const colon = trimmed.indexOf(':');
    return { provider: trimmed.slice(0, colon), model: trimmed.slice(colon + 1) };
  });
}

/** The schema of a route variable: refused unless every entry is `provider:model`; parsed into its models, in order. */
export const modelRouteSchema = z.string().regex(ROUTE, { message: 'must be provider:model pairs separated by commas' }).transform(parseModelRoute);
