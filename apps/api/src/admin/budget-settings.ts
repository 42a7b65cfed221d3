import type { Env } from '@studio/config';
import type { BudgetView } from '@studio/contracts';
import { type BudgetSettings, toMicroUsd, type UserEntity } from '@studio/data';
export const toUsd = (micro: number) => micro / 1_000_000;

/** The budget rules of configuration, as the usage repository takes them. */
export function budgetSettings(env: Pick<Env, 'USER_MONTHLY_BUDGET_USD' | 'TURN_MAX_COST_USD' | 'USER_STORAGE_QUOTA_BYTES'>): BudgetSettings {
  return {
    defaultMonthlyMicroUsd: env.USER_MONTHLY_BUDGET_USD === undefined ? null : toMicroUsd(env.USER_MONTHLY_BUDGET_USD),
    perTurnCapMicroUsd: env.TURN_MAX_COST_USD === undefined ? null : toMicroUsd(env.TURN_MAX_COST_USD),
    storageQuotaBytes: env.USER_STORAGE_QUOTA_BYTES,
  };
}

/**
 * The budget as configuration and the account's override set it, without the ledger's figures: what an admin
 * sees of a person when the ledger cannot be read (spent and reserved show as 0).
 */
export function budgetWithoutLedger(user: Pick<UserEntity, 'monthlyBudgetMicroUsd'>, settings: BudgetSettings, now = new Date()): BudgetView {
  const start = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const end = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  const monthly = user.monthlyBudgetMicroUsd ?? settings.defaultMonthlyMicroUsd;
  return {
    periodStart: start.toISOString().slice(0, 10),
    periodEnd: end.toISOString().slice(0, 10),
    monthlyUsd: monthly === null ? null : toUsd(monthly),
    overridden: user.monthlyBudgetMicroUsd !== null,
    spentUsd: 0,
    reservedUsd: 0,
    remainingUsd: monthly === null ? null : toUsd(monthly),
    perTurnCapUsd: settings.perTurnCapMicroUsd === null ? null : toUsd(settings.perTurnCapMicroUsd),
  };
}
