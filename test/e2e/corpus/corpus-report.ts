import type { Category } from './corpus-verdict.js';

/** One case's line in the report. */
export interface CaseRow {
  slug: string;
  expected: Category;
  /** What happened; `error` when the harness could not finish the case (its message is in `failures`). */
  actual: Category | 'error';
  /** How the turn ended: `completed v3`, `failed RENDER_FAILED`... */
  turn: string;
  refused: string[];
  ms: number;
  failures: string[];
}

const pad = (s: string, n: number) => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** The closing summary: the pass line, then a table of every case's outcome, then why each failing case failed. */
export function formatReport(rows: CaseRow[]): string {
  const passed = rows.filter((r) => !r.failures.length).length;
  const pct = rows.length ? ((100 * passed) / rows.length).toFixed(1) : '0.0';
  const width = Math.max(4, ...rows.map((r) => r.slug.length));
  const lines = [
    `corpus: ${passed}/${rows.length} turns ended as expected (${pct}%)`,
    '',
    `${pad('case', width)}  ${pad('expected', 11)}  ${pad('actual', 11)}  ${pad('turn', 24)}  ${pad('refused', 28)}  ${pad('s', 5)}  ok`,
    ...rows.map((r) =>
      [pad(r.slug, width), pad(r.expected, 11), pad(r.actual, 11), pad(r.turn, 24), pad(r.refused.join(',') || '-', 28), pad((r.ms / 1000).toFixed(1), 5), r.failures.length ? 'NO' : 'yes'].join('  '),
    ),
  ];
  const failing = rows.filter((r) => r.failures.length);
  if (failing.length) lines.push('', ...failing.flatMap((r) => [`${r.slug}:`, ...r.failures.map((f) => `  - ${f}`)]));
  return `${lines.join('\n')}\n`;
}
