import type { Env } from '@studio/config';
import type { BudgetExceededDetails } from '@studio/contracts';
import { type BudgetLeft, type EnqueueBudget, enqueueBudget, MIN_TURN_ESTIMATE_MICRO_USD, type UsageRepository } from '@studio/data';
import { DomainError } from '../common/domain-error.js';

/**
 * Refuses a chat message with BUDGET_EXCEEDED (402) when the person has less of their monthly budget left than
 * the smallest turn. One indexed query (users and user_spend by key). A send without pictures does not call
 * it: the same check is the first part of its one statement (`enqueue` with `budgetCheck`); one with pictures
 * does, so an exhausted budget is still refused before its pictures are looked at.
 */
export async function budgetPrecheck(usage: Pick<UsageRepository, 'remaining'>, env: Pick<Env, 'USER_MONTHLY_BUDGET_USD'>, userId: string, now = new Date()): Promise<void> {
  const left = await usage.remaining(userId, budgetCheck(env).defaultMonthlyMicroUsd, now);
  if (left && left.remainingMicroUsd < MIN_TURN_ESTIMATE_MICRO_USD) throw budgetExceeded(left);
}

/** What TurnsRepository.enqueue checks first: the same rule as `budgetPrecheck` (libs/data budget-rule.ts). */
export function budgetCheck(env: Pick<Env, 'USER_MONTHLY_BUDGET_USD'>): EnqueueBudget {
  return enqueueBudget(env.USER_MONTHLY_BUDGET_USD);
}

/** The refusal of a person with too little left (`left`: what the early check read). */
export function budgetExceeded(left: NonNullable<BudgetLeft>): DomainError {
  const details: BudgetExceededDetails = {
    estimateUsd: MIN_TURN_ESTIMATE_MICRO_USD / 1e6,
    remainingUsd: Math.max(0, left.remainingMicroUsd) / 1e6,
    monthlyUsd: left.monthlyMicroUsd / 1e6,
    periodEnd: left.periodEnd,
  };
  return new DomainError('BUDGET_EXCEEDED', `Your $${details.monthlyUsd} monthly budget is used up ($${details.remainingUsd} left); it renews on ${details.periodEnd}. Nothing was sent.`, {
    ...details,
  });
}
