import type { UsageRowView } from '@studio/contracts';
import { type KeyboardEvent, useRef, useState } from 'react';
import { tabAfterKey } from '../ui/tab-keys';
import { formatCount, formatUsd } from './format';
import { dayBars } from './usage-chart';
import type { DayRange } from './usage-range';

/**
 * Cost by day as bars of plain CSS: one small chart does not earn a chart library's weight in the
 * bundle. Each bar is a button whose name says the day, cost and tokens (the same show on hover or focus); the
 * bars are one Tab stop, the arrows (Home, End) move between days. The table below it is the same data for
 * anyone who would rather read it.
 */
export function UsageChart({ rows, range }: { rows: UsageRowView[]; range: DayRange }) {
  const { bars, top } = dayBars(rows, range);
  const [shown, setShown] = useState<string | null>(null);
  const current = bars.find((b) => b.day === shown);
  const box = useRef<HTMLDivElement>(null);
  // The Tab stop: the day last focused, else the latest day with calls, else the last day.
  const [stop, setStop] = useState<string | null>(null);
  const tabStop = bars.some((b) => b.day === stop) ? stop : ([...bars].reverse().find((b) => b.calls > 0) ?? bars.at(-1))?.day;
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = tabAfterKey(
      e.key,
      bars.findIndex((b) => b.day === tabStop),
      bars.length,
    );
    if (next === null) return;
    e.preventDefault();
    setStop(bars[next].day);
    box.current?.querySelector<HTMLButtonElement>(`[data-day="${bars[next].day}"]`)?.focus();
  };
  return (
    <figure className="acct-chart">
      <figcaption className="acct-chart-head">
        <span>Cost by day (UTC)</span>
        <span className="muted" aria-live="polite">
          {current
            ? `${current.day}: ${formatUsd(current.costUsd)}${current.ownKeyCostUsd ? ` + ${formatUsd(current.ownKeyCostUsd)} your key` : ''} · ${formatCount(current.tokens)} tokens · ${current.calls} ${current.calls === 1 ? 'call' : 'calls'}`
            : `Scale up to ${formatUsd(top)}`}
        </span>
      </figcaption>
      <div ref={box} className="acct-bars" role="group" aria-label="Cost by day" onKeyDown={onKeyDown} style={{ gridTemplateColumns: `repeat(${bars.length}, minmax(0, 1fr))` }}>
        {bars.map((b) => (
          <button
            key={b.day}
            type="button"
            className={`acct-bar${b.calls > 0 ? ' has-calls' : ''}`}
            data-day={b.day}
            tabIndex={b.day === tabStop ? 0 : -1}
            aria-label={`${b.day}: ${formatUsd(b.costUsd)}, ${formatCount(b.tokens)} tokens`}
            title={`${b.day}: ${formatUsd(b.costUsd + b.ownKeyCostUsd)} · ${formatCount(b.tokens)} tokens`}
            onMouseEnter={() => setShown(b.day)}
            onFocus={() => {
              setShown(b.day);
              setStop(b.day);
            }}
            onMouseLeave={() => setShown(null)}
            onBlur={() => setShown(null)}
          >
            <span className="acct-bar-fill" style={{ height: `${Math.min(100, b.share * 100)}%` }}>
              {b.ownKeyCostUsd > 0 && <span className="acct-bar-own" style={{ height: `${(b.ownKeyCostUsd / (b.costUsd + b.ownKeyCostUsd)) * 100}%` }} />}
            </span>
          </button>
        ))}
      </div>
      <div className="acct-chart-axis muted" aria-hidden="true">
        <span>{range.from}</span>
        <span>{range.to}</span>
      </div>
      <details className="acct-chart-table">
        <summary>Show as a table</summary>
        <div className="table-scroll">
          <table className="acct-table">
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col">Calls</th>
                <th scope="col">Tokens</th>
                <th scope="col">Cost</th>
                <th scope="col">Your key</th>
              </tr>
            </thead>
            <tbody>
              {bars
                .filter((b) => b.calls > 0)
                .map((b) => (
                  <tr key={b.day}>
                    <th scope="row">{b.day}</th>
                    <td>{formatCount(b.calls)}</td>
                    <td>{formatCount(b.tokens)}</td>
                    <td>{formatUsd(b.costUsd)}</td>
                    <td>{formatUsd(b.ownKeyCostUsd)}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
