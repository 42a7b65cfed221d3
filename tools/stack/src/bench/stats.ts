/** Figures as docs/BENCHMARKS.md asks: median, p95, max and n, in milliseconds. */
export interface Stats {
  n: number;
  medianMs: number;
  p95Ms: number;
  p99Ms: number;
  maxMs: number;
}

export function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (x: number) => Math.round(x * 100) / 100;
  return { n: sorted.length, medianMs: round(at(0.5)), p95Ms: round(at(0.95)), p99Ms: round(at(0.99)), maxMs: round(sorted[sorted.length - 1]) };
}

export async function timeIt(n: number, run: () => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  await run(); // warm-up, not counted
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  return samples;
}

export interface Row {
  figure: string;
  /** In milliseconds, unless `unit` says otherwise (tokens, %). */
  stats: Stats;
  unit?: string;
  reference?: { name: string; stats: Stats };
  /** The ratio the bar is about, when it is not median / the reference's median (B5: burst p99 / its limit). */
  ratio?: number;
  bar?: string;
}

export function printTable(title: string, rows: Row[]) {
  process.stdout.write(`\n${title}\n`);
  const line = (cells: string[]) => process.stdout.write(`${cells.map((c, i) => c.padEnd([44, 34, 44, 8, 16][i] ?? 10)).join(' ')}\n`);
  line(['figure', 'median / p95 / p99 / max ms (n)', 'reference: median / p95 / p99 / max (n)', 'ratio', 'bar']);
  for (const r of rows) {
    const fmt = (s: Stats) => `${s.medianMs} / ${s.p95Ms} / ${s.p99Ms} / ${s.maxMs}${r.unit ? ` ${r.unit}` : ''} (${s.n})`;
    const ratio = r.ratio !== undefined ? r.ratio.toFixed(2) : r.reference ? (r.stats.medianMs / r.reference.stats.medianMs).toFixed(2) : '-';
    line([r.figure, fmt(r.stats), r.reference ? `${r.reference.name}: ${fmt(r.reference.stats)}` : '-', ratio, r.bar ?? '']);
  }
}
