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
