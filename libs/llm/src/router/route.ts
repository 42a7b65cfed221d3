/**
 * One model of a route: what the router calls, in order, the first preferred. libs/config parses LLM_ROUTE
 * and LLM_SUMMARY_ROUTE into these (its `ModelRoute`, the same shape); this lib only takes them parsed.
 */
export interface Route {
  provider: string;
  model: string;
  /** Set when the LLM_ROUTE entry says `+vision`: the model sees pictures though it is not a known one. */
  vision?: boolean;
}
