/** Dollars as the ledger keeps them: whole micro-dollars. */
export const toMicroUsd = (usd: number) => Math.round(usd * 1_000_000);

/**
 * The smallest turn there is (micro-dollars, $0.001): a person with less left than this is refused at once by
 * `chat:send`, before anything is queued. The worker's reservation of the turn's real estimate is the check.
 */
export const MIN_TURN_ESTIMATE_MICRO_USD = 1000;

/** The early budget refusal a send gets from `enqueue` (the worker's reservation of the real estimate is the check). */
export interface EnqueueBudget {
  /** The configured monthly budget (micro-dollars) of a person without an override; null: none. */
  defaultMonthlyMicroUsd: number | null;
  /** Refused when less than this is left of the month (the smallest turn there is). */
  minLeftMicroUsd: number;
  now?: Date;
}

/** The one rule of that refusal, from the configured monthly budget (USER_MONTHLY_BUDGET_USD; undefined: none). */
export function enqueueBudget(monthlyUsd: number | undefined): EnqueueBudget {
  return { defaultMonthlyMicroUsd: monthlyUsd === undefined ? null : toMicroUsd(monthlyUsd), minLeftMicroUsd: MIN_TURN_ESTIMATE_MICRO_USD };
}
