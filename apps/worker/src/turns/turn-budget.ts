import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { BUDGET_WARNING_RATIO } from '@studio/contracts';
import { TurnsRepository, UsageRepository } from '@studio/data';
import { PriceTable } from '@studio/llm';
import { ENV } from '@studio/platform';
import { WebhookPublisher } from '../webhooks/webhook-publisher.js';
import { ModelAccess, type TurnModels } from './model-access.js';
import { dearestPriceOf, TurnLedger } from './turn-ledger.js';
import type { TurnRun } from './turn-run.js';

const micro = (usd: number | undefined) => (usd === undefined ? null : Math.round(usd * 1e6));

/**
 * The budget rules of every turn (USER_MONTHLY_BUDGET_USD, TURN_MAX_COST_USD, the LLM_PRICES the estimate
 * uses): a ledger for each running turn, and the once-a-month warning after a turn settles.
 */
@Injectable()
export class TurnBudget {
  private readonly logger = new Logger(TurnBudget.name);
  private readonly prices: PriceTable;
  readonly defaultMonthlyMicroUsd: number | null;
  readonly capMicroUsd: number | null;

  constructor(
    @Inject(ENV) env: Pick<Env, 'LLM_PRICES' | 'USER_MONTHLY_BUDGET_USD' | 'TURN_MAX_COST_USD'>,
    @Inject(UsageRepository) private readonly usage: Pick<UsageRepository, 'reserve' | 'warnOnce'>,
    @Inject(TurnsRepository) private readonly turns: Pick<TurnsRepository, 'recordCall'>,
    @Inject(ModelAccess) private readonly access: Pick<ModelAccess, 'keyWorked'>,
    @Inject(WebhookPublisher) private readonly webhooks: Pick<WebhookPublisher, 'publish'>,
  ) {
    this.prices = PriceTable.fromJson(env.LLM_PRICES);
    this.defaultMonthlyMicroUsd = micro(env.USER_MONTHLY_BUDGET_USD);
    this.capMicroUsd = micro(env.TURN_MAX_COST_USD);
  }

  /**
   * The ledger of a running turn whose calls go to `models` through `routes`, priced at the dearest model any
   * of them may answer with (the router falls back along them).
   */
  ledgerFor(run: Pick<TurnRun, 'turn' | 'lease'>, models: Pick<TurnModels, 'billedTo' | 'keyId'>, routes: readonly { model: string }[]): TurnLedger {
    const { turn, lease } = run;
    const { keyId } = models;
    const price = dearestPriceOf(
      this.prices,
      routes.map((r) => r.model),
    );
    return new TurnLedger(models.billedTo, price, this.capMicroUsd, {
      record: (call, release) => this.turns.recordCall(turn.id, lease, call, release),
      reserve: (estimate) => this.usage.reserve(turn.id, lease, estimate, this.defaultMonthlyMicroUsd),
      worked: () => {
        if (keyId) void this.access.keyWorked(keyId).catch((err) => this.logger.warn(`key ${keyId}: ${err}`));
      },
    });
  }

  /**
   * After a turn settled: the first time this month the person's spend passed BUDGET_WARNING_RATIO of their
   * budget, `budget:warning` on the turn's project and a `budget.warning` webhook. Never fails the turn.
   */
  async warnAfter(run: Pick<TurnRun, 'turn' | 'report'>): Promise<void> {
    const { turn, report } = run;
    try {
      const warned = await this.usage.warnOnce(turn.userId, BUDGET_WARNING_RATIO, this.defaultMonthlyMicroUsd);
      if (!warned) return;
      const remainingUsd = Math.max(0, Math.round((warned.monthlyUsd - warned.spentUsd) * 1e6) / 1e6);
      const payload = { spentUsd: warned.spentUsd, monthlyUsd: warned.monthlyUsd, remainingUsd, periodEnd: warned.periodEnd };
      await report.emit('budget:warning', payload);
      this.webhooks.publish(turn.userId, 'budget.warning', { projectId: turn.projectId, turnId: turn.id, ...payload });
    } catch (err) {
      this.logger.warn(`budget warning for ${turn.userId}: ${err}`);
    }
  }
}
