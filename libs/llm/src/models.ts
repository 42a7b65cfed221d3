/** Context windows (tokens) of models the product is routed to; the budget of a turn derives from it. */
const CONTEXT_WINDOWS: [RegExp, number][] = [
  [/^claude-/, 200_000],
  [/^gpt-4\.1/, 1_047_576],
  [/^gpt-4o/, 128_000],
  [/^gpt-5/, 400_000],
];

/** A model's context window; unknown models (local servers) get a conservative 32k. */
export function contextWindowOf(model: string, override?: number): number {
  return override ?? CONTEXT_WINDOWS.find(([re]) => re.test(model))?.[1] ?? 32_000;
}

/**
 * Models known to accept pictures: every Claude from 3 on (not claude-2 or claude-instant); on OpenAI's side
 * gpt-4o, gpt-4-turbo, gpt-4.1, gpt-5, o3 and o4-mini (not gpt-3.5, gpt-4 base, o1-mini or o3-mini).
 */
const VISION_MODELS: RegExp[] = [/^claude-(?!2|instant)/, /^(chat)?gpt-4o/, /^gpt-4-turbo/, /^gpt-4\.1/, /^gpt-5/, /^o3(?!-mini)/, /^o4/];

/**
 * Whether a model can see pictures. Unknown models (local and OpenAI-compatible servers) cannot unless
 * their LLM_ROUTE entry says so with `+vision` (`openai:llava:13b+vision`), which arrives here as `declared`.
 * A provider prefix (`openai/gpt-4o` on OpenRouter) is ignored.
 */
export function canSeeImages(model: string, declared?: boolean): boolean {
  if (declared !== undefined) return declared;
  const name = model.slice(model.lastIndexOf('/') + 1);
  return VISION_MODELS.some((re) => re.test(name));
}
