/**
 * One model of a route: what the router calls, in order, the first preferred. libs/config parses LLM_ROUTE
 * and LLM_SUMMARY_ROUTE into these (its `ModelRoute`, the same shape); this lib only takes them parsed.
 */
export interface Route {
  provider: string;
  model: string;
}
