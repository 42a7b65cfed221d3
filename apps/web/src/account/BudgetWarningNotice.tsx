import type { ProjectEventPayloads } from '@studio/contracts';
import { formatUsd } from './format';
import './account.css';

/** The workspace's notice after a turn took the person past 80% of their monthly budget (`budget:warning`). */
export function BudgetWarningNotice({ warning, onDismiss }: { warning: ProjectEventPayloads['budget:warning'] | null; onDismiss: () => void }) {
  if (!warning) return null;
  return (
    <div className="acct-budget-notice" role="status">
      <p>
        You have used {formatUsd(warning.spentUsd)} of your {formatUsd(warning.monthlyUsd)} monthly budget: {formatUsd(warning.remainingUsd)} left until {warning.periodEnd}.{' '}
        <a href="#/usage">See your usage</a>
      </p>
      <button type="button" className="button ghost small" onClick={onDismiss} aria-label="Dismiss the budget notice">
        Dismiss
      </button>
    </div>
  );
}
