import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { BudgetView, UsageQuery, UsageReportView } from '@studio/contracts';
import { rangeOf, UsageRepository } from '@studio/data';
import { ENV } from '@studio/platform';
import { budgetSettings } from '../admin/budget-settings.js';
import { DomainError } from '../common/domain-error.js';

/** The longest range one usage report covers. */
const MAX_DAYS = 366;

/** Usage and budgets for the signed-in person (docs/API.md "Usage and budgets"). */
@Injectable()
export class UsageService {
  constructor(
    @Inject(UsageRepository) private readonly usage: Pick<UsageRepository, 'report' | 'budgetView'>,
    @Inject(ENV) private readonly env: Pick<Env, 'USER_MONTHLY_BUDGET_USD' | 'TURN_MAX_COST_USD' | 'USER_STORAGE_QUOTA_BYTES'>,
  ) {}

  /** The ledger between two UTC days (both included, at most 366 days), with the budget, traffic and storage. */
  async report(userId: string, query: UsageQuery, now = new Date()): Promise<UsageReportView> {
    const { days } = rangeOf(query, now);
    if (Number.isNaN(days)) throw invalid({ from: 'must be a real date', to: 'must be a real date' });
    if (days < 1) throw invalid({ to: 'must not be before from' });
    if (days > MAX_DAYS) throw invalid({ to: `must be at most ${MAX_DAYS} days after from` });
    return this.usage.report(userId, query, budgetSettings(this.env), now);
  }

  budget(userId: string): Promise<BudgetView> {
    return this.usage.budgetView(userId, budgetSettings(this.env));
  }
}

function invalid(fields: Record<string, string>): DomainError {
  return new DomainError('VALIDATION_FAILED', `Invalid input: ${Object.keys(fields).join(', ')}`, { fields });
}
