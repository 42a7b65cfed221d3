import type { UsageGroupBy, UsageReportView, UsageRowView } from '@studio/contracts';
import { type FormEvent, useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';
import { BudgetMeter } from './BudgetMeter';
import { formatBytes, formatCount, formatUsd } from './format';
import { UsageChart } from './UsageChart';
import { type DayRange, presetRange, type RangeKind, rangeProblem } from './usage-range';
import './account.css';

type Reports = Record<UsageGroupBy, UsageReportView>;

const load = (range: DayRange): Promise<Reports> =>
  Promise.all((['day', 'project', 'model'] as const).map((groupBy) => api<UsageReportView>('GET', `/api/usage?${new URLSearchParams({ ...range, groupBy })}`))).then(([day, project, model]) => ({
    day,
    project,
    model,
  }));

/** The sums of one grouping (by project or by model), the costliest first; own-key cost in its own column. */
function GroupTable({ title, keyLabel, rows, name }: { title: string; keyLabel: string; rows: UsageRowView[]; name: (r: UsageRowView) => string }) {
  const sorted = [...rows].sort((a, b) => b.costUsd + b.ownKeyCostUsd - (a.costUsd + a.ownKeyCostUsd));
  return (
    <section className="panel" aria-label={title}>
      <h2>{title}</h2>
      {sorted.length === 0 ? (
        <p className="muted">No model calls in this range.</p>
      ) : (
        <div className="table-scroll">
          <table className="acct-table">
            <thead>
              <tr>
                <th scope="col">{keyLabel}</th>
                <th scope="col">Calls</th>
                <th scope="col">Tokens in / cached / out</th>
                <th scope="col">Cost</th>
                <th scope="col">Paid with your key</th>
              </tr>
            </thead>
            <tbody>
              {sorted.map((r) => (
                <tr key={r.key}>
                  <th scope="row" className="acct-name">
                    {name(r)}
                  </th>
                  <td>{formatCount(r.calls)}</td>
                  <td>
                    {formatCount(r.inputTokens)} / {formatCount(r.cachedInputTokens)} / {formatCount(r.outputTokens)}
                  </td>
                  <td>{formatUsd(r.costUsd)}</td>
                  <td>{r.ownKeyCostUsd ? formatUsd(r.ownKeyCostUsd) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

/** `#/usage`: what the person's model calls cost by day, project and model, their budget, site traffic and storage. */
export function UsagePage() {
  const [kind, setKind] = useState<RangeKind>('month');
  const [custom, setCustom] = useState<DayRange>(() => presetRange('month', new Date()));
  const [range, setRange] = useState<DayRange>(() => presetRange('month', new Date()));
  const [reports, setReports] = useState<Reports | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setError(null);
    load(range).then(
      (r) => live && setReports(r),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [range]);

  const pick = (next: RangeKind) => {
    setKind(next);
    if (next !== 'custom') setRange(presetRange(next, new Date()));
  };
  const customProblem = rangeProblem(custom);
  const applyCustom = (e: FormEvent) => {
    e.preventDefault();
    if (!customProblem) setRange(custom);
  };

  const day = reports?.day;
  return (
    <main className="acct-page">
      <div className="acct-head">
        <h1>Usage</h1>
        <fieldset className="choice acct-range">
          <legend>Range</legend>
          {(
            [
              ['month', 'This month'],
              ['last30', 'Last 30 days'],
              ['custom', 'Custom'],
            ] as const
          ).map(([id, label]) => (
            <label key={id} className="check">
              <input type="radio" name="usage-range" checked={kind === id} onChange={() => pick(id)} />
              {label}
            </label>
          ))}
        </fieldset>
      </div>
      {kind === 'custom' && (
        <form className="row acct-custom" onSubmit={applyCustom}>
          <label>
            From
            <input type="date" value={custom.from} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
          </label>
          <label>
            To
            <input type="date" value={custom.to} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
          </label>
          <button type="submit" className="button" disabled={customProblem !== null}>
            Show
          </button>
          {customProblem && <span className="muted field-error">{customProblem}</span>}
        </form>
      )}
      <Alert message={error} />
      {!day || !reports ? (
        !error && <p className="muted">Loading…</p>
      ) : (
        <>
          <section className="panel" aria-labelledby="usage-totals">
            <h2 id="usage-totals">
              {day.from} to {day.to}
            </h2>
            <dl className="acct-facts">
              <div>
                <dt>Cost</dt>
                <dd>{formatUsd(day.totals.costUsd)}</dd>
              </div>
              <div>
                <dt>Paid with your key</dt>
                <dd>{formatUsd(day.totals.ownKeyCostUsd)}</dd>
              </div>
              <div>
                <dt>Model calls</dt>
                <dd>{formatCount(day.totals.calls)}</dd>
              </div>
              <div>
                <dt>Tokens in / out</dt>
                <dd>
                  {formatCount(day.totals.inputTokens)} / {formatCount(day.totals.outputTokens)}
                </dd>
              </div>
            </dl>
            <UsageChart rows={day.rows} range={{ from: day.from, to: day.to }} />
          </section>
          <section className="panel" aria-labelledby="usage-budget">
            <h2 id="usage-budget">Budget this month</h2>
            <BudgetMeter budget={day.budget} />
            <p className="muted small-note">Calls made with your own keys are paid by you and do not count against this budget.</p>
          </section>
          <GroupTable title="By project" keyLabel="Project" rows={reports.project.rows} name={(r) => r.label ?? 'A deleted project'} />
          <GroupTable title="By model" keyLabel="Model" rows={reports.model.rows} name={(r) => r.key} />
          <section className="panel" aria-labelledby="usage-sites">
            <h2 id="usage-sites">Sites and storage</h2>
            <dl className="acct-facts">
              <div>
                <dt>Site requests served</dt>
                <dd>{formatCount(day.traffic.requests)}</dd>
              </div>
              <div>
                <dt>Site bytes served</dt>
                <dd>{formatBytes(day.traffic.bytes)}</dd>
              </div>
              <div>
                <dt>Assets and pictures</dt>
                <dd>
                  {formatBytes(day.storage.assetBytes)} of {formatBytes(day.storage.quotaBytes)}
                </dd>
              </div>
              <div>
                <dt>Project files</dt>
                <dd>{formatBytes(day.storage.projectBytes)}</dd>
              </div>
            </dl>
          </section>
        </>
      )}
    </main>
  );
}
