import { MIN_TURN_ESTIMATE_MICRO_USD, type UsageRepository } from '@studio/data';
import { budgetPrecheck } from './budget-precheck.js';
import { UsageService } from './usage.service.js';

const ENV = { USER_MONTHLY_BUDGET_USD: 5, TURN_MAX_COST_USD: 0.5, USER_STORAGE_QUOTA_BYTES: 1000 };

function service() {
  const reports: unknown[] = [];
  const repo: Pick<UsageRepository, 'report' | 'budgetView'> = {
    report: async (_u, query, settings) => {
      reports.push({ query, settings });
      return Promise.reject(new Error('the report itself is the repository’s (usage.repository.int-spec.ts)'));
    },
    budgetView: async () => Promise.reject(new Error('not used here')),
  };
  return { svc: new UsageService(repo, ENV), reports };
}

describe('UsageService.report', () => {
  it('passes a sane range on with the configured budget rules in micro-dollars', async () => {
    const { svc, reports } = service();
    await svc.report('u', { from: '2026-01-01', to: '2026-12-31', groupBy: 'model' }).catch(() => undefined);
    expect(reports).toEqual([
      { query: { from: '2026-01-01', to: '2026-12-31', groupBy: 'model' }, settings: { defaultMonthlyMicroUsd: 5_000_000, perTurnCapMicroUsd: 500_000, storageQuotaBytes: 1000 } },
    ]);
  });

  it.each([
    [{ from: '2026-03-10', to: '2026-03-01' }, 'to'],
    [{ from: '2024-01-01', to: '2025-01-02' }, 'to'],
    [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
    [{ from: '2026-02-01', to: '2026-02-31' }, 'to'],
    // Year 0 is a valid ISO day to the schema but not to Postgres: refused here, never a 500 from the query.
    [{ from: '0000-01-01', to: '0000-01-02' }, 'from'],
  ])('refuses %j with VALIDATION_FAILED naming %s', async (range, field) => {
    const { svc, reports } = service();
    await expect(svc.report('u', { ...range, groupBy: 'day' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED', details: { fields: expect.objectContaining({ [field]: expect.any(String) }) } });
    expect(reports).toEqual([]);
  });
});

describe('budgetPrecheck', () => {
  const left = (remainingMicroUsd: number | null) => ({
    remaining: async () => (remainingMicroUsd === null ? null : { remainingMicroUsd, monthlyMicroUsd: 5_000_000, periodEnd: '2026-04-01' }),
  });

  it('lets a person with no budget, or with at least the smallest turn left, through', async () => {
    await expect(budgetPrecheck(left(null), ENV, 'u')).resolves.toBeUndefined();
    await expect(budgetPrecheck(left(MIN_TURN_ESTIMATE_MICRO_USD), ENV, 'u')).resolves.toBeUndefined();
  });

  it('refuses with BUDGET_EXCEEDED and what is left (never below 0) when less than the smallest turn is left', async () => {
    await expect(budgetPrecheck(left(999), ENV, 'u')).rejects.toMatchObject({
      code: 'BUDGET_EXCEEDED',
      details: { estimateUsd: 0.001, remainingUsd: 0.000999, monthlyUsd: 5, periodEnd: '2026-04-01' },
    });
    await expect(budgetPrecheck(left(-20), ENV, 'u')).rejects.toMatchObject({ details: { remainingUsd: 0 } });
  });
});
