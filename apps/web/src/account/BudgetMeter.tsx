import type { BudgetView } from '@studio/contracts';
import { budgetShare, formatUsd, meterLevel } from './format';

/** libs/contracts BUDGET_WARNING_RATIO (the web client imports only types from the contracts). */
const WARNING_RATIO = 0.8;

/** A month's budget: how much is spent and held, as a meter that turns amber at 80% and red at 100%, and the figures. */
export function BudgetMeter({ budget }: { budget: BudgetView }) {
  const share = budgetShare(budget.spentUsd, budget.reservedUsd, budget.monthlyUsd);
  const level = meterLevel(share, WARNING_RATIO);
  const percent = Math.round(Math.min(1, share) * 100);
  return (
    <div className="acct-budget">
      {budget.monthlyUsd === null ? (
        <p className="muted">No monthly budget: usage is not capped.</p>
      ) : (
        <div
          className={`acct-meter ${level}`}
          role="meter"
          aria-label="Share of this month's budget used"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={percent}
          aria-valuetext={`${percent}% used${level === 'over' ? ': budget reached' : level === 'warn' ? ': nearly reached' : ''}`}
          data-level={level}
        >
          <span style={{ width: `${percent}%` }} />
        </div>
      )}
      <dl className="acct-facts">
        <div>
          <dt>Spent</dt>
          <dd>{formatUsd(budget.spentUsd)}</dd>
        </div>
        <div>
          <dt>Held by running turns</dt>
          <dd>{formatUsd(budget.reservedUsd)}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd>{budget.remainingUsd === null ? 'Unlimited' : formatUsd(budget.remainingUsd)}</dd>
        </div>
        <div>
          <dt>Monthly budget</dt>
          <dd>
            {budget.monthlyUsd === null ? 'None' : formatUsd(budget.monthlyUsd)}
            {budget.overridden && <span className="muted"> (set by an admin)</span>}
          </dd>
        </div>
        <div>
          <dt>Most one turn may cost</dt>
          <dd>{budget.perTurnCapUsd === null ? 'No cap' : formatUsd(budget.perTurnCapUsd)}</dd>
        </div>
        <div>
          <dt>Renews on</dt>
          <dd>{budget.periodEnd}</dd>
        </div>
      </dl>
    </div>
  );
}
