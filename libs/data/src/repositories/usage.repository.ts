import type { BudgetView, UsageQuery, UsageReportView } from '@studio/contracts';
import type { DataSource } from 'typeorm';

/** The budget rules in force (from configuration), in micro-dollars; null: no limit. */
export interface BudgetSettings {
  defaultMonthlyMicroUsd: number | null;
  perTurnCapMicroUsd: number | null;
  storageQuotaBytes: number;
}

/**
 * The usage ledger and budgets (usage_records, user_spend). STUB (issue 21, usage and budgets): the
 * signatures other features use; the ledger work fills them in.
 */
export class UsageRepository {
  constructor(protected readonly db: DataSource) {}

  /** The person's budget this UTC month. */
  async budgetView(_userId: string, _settings: BudgetSettings, _now = new Date()): Promise<BudgetView> {
    throw new Error('UsageRepository.budgetView is not built yet');
  }

  /** An admin's budget for a person (null: back to the default); returns the override it replaced. */
  async setMonthlyBudget(_userId: string, _microUsd: number | null): Promise<{ previousMicroUsd: number | null }> {
    throw new Error('UsageRepository.setMonthlyBudget is not built yet');
  }

  /** `GET /api/usage` for one person. */
  async report(_userId: string, _query: UsageQuery, _settings: BudgetSettings, _now = new Date()): Promise<UsageReportView> {
    throw new Error('UsageRepository.report is not built yet');
  }
}
