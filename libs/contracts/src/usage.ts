import { z } from 'zod';
import type { ModelCallPurpose } from './events.js';

/**
 * Usage and budgets (docs/API.md "Usage and budgets"). Every model call is one row of the usage ledger,
 * written in the same transaction as its turn's outcome; `GET /api/usage` sums the ledger for the signed-in
 * person, with what their published sites served and the bytes they keep.
 */

/** Why a model call was made: a turn's calls (events.ts ModelCallPurpose) or condensing old conversation. */
export type UsagePurpose = ModelCallPurpose | 'summary';

/** Who pays for a call: the operator (counts against the person's budget) or the person's own key (does not). */
export const USAGE_BILLED_TO = ['operator', 'own_key'] as const;
export type UsageBilledTo = (typeof USAGE_BILLED_TO)[number];

export const USAGE_GROUP_BY = ['day', 'project', 'model'] as const;
export type UsageGroupBy = (typeof USAGE_GROUP_BY)[number];

const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date, YYYY-MM-DD' });

/**
 * `GET /api/usage?from&to&groupBy`: `from` and `to` are UTC days, both included (default: the current month up
 * to today). At most 366 days.
 */
export const usageQuerySchema = z
  .object({
    from: isoDay.optional(),
    to: isoDay.optional(),
    groupBy: z.enum(USAGE_GROUP_BY).default('day'),
  })
  .strict();
export type UsageQuery = z.infer<typeof usageQuerySchema>;

/** The sums of one group (a day `YYYY-MM-DD`, a project id, or `provider:model`). */
export interface UsageRowView {
  key: string;
  /** A project's name, when grouped by project (absent for a deleted project). */
  label?: string;
  calls: number;
  inputTokens: number;
  cachedInputTokens: number;
  outputTokens: number;
  /** What the operator paid (counts against the budget). */
  costUsd: number;
  /** What calls made with the person's own keys cost them (never counts against the budget). */
  ownKeyCostUsd: number;
}

/** A person's monthly budget now (UTC calendar months). Amounts in USD. */
export interface BudgetView {
  /** The month the figures are for: its first day and the first day of the next, `YYYY-MM-DD`. */
  periodStart: string;
  periodEnd: string;
  /** null: no budget (unlimited). */
  monthlyUsd: number | null;
  /** true when an admin set this person's budget (otherwise the configured default). */
  overridden: boolean;
  spentUsd: number;
  /** Held by turns running now (their estimate), released when they end. */
  reservedUsd: number;
  /** monthlyUsd − spent − reserved, never below 0; null when unlimited. */
  remainingUsd: number | null;
  /** The most one turn may cost (TURN_MAX_COST_USD); null: no cap. */
  perTurnCapUsd: number | null;
}

export interface UsageReportView {
  from: string;
  to: string;
  groupBy: UsageGroupBy;
  rows: UsageRowView[];
  totals: Omit<UsageRowView, 'key' | 'label'>;
  budget: BudgetView;
  /** What the person's published sites served in the range (site_traffic). */
  traffic: { requests: number; bytes: number };
  /** The bytes the person keeps now: assets and chat pictures (the storage quota's measure) and files of their projects' head versions. */
  storage: { assetBytes: number; projectBytes: number; quotaBytes: number };
}

/** `details` of BUDGET_EXCEEDED: what the turn was estimated to cost and what is left. */
export interface BudgetExceededDetails {
  estimateUsd: number;
  remainingUsd: number;
  monthlyUsd: number;
  periodEnd: string;
}

/** The share of the budget at which the person is told (a `budget:warning` event and a `budget.warning` webhook). */
export const BUDGET_WARNING_RATIO = 0.8;
