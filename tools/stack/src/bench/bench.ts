import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { say } from '../log.js';
import { Services } from '../service.js';
import { startServices } from '../stack.js';
import { benchSourceZip } from './b6-source-zip.js';
import { benchContextAndParser } from './b7-context-parser.js';
import { printTable } from './stats.js';

/**
 * `./studio bench`: the benchmarks of BENCHMARKS.md against a throwaway real stack. Prints a table and writes
 * bench-results/<id>.json. Benchmarks never fail: they report.
 */
export async function bench(): Promise<number> {
  const services = new Services();
  const dataRoot = mkdtempSync(join(tmpdir(), 'studio-bench-'));
  try {
    const env = await startServices({ dataRoot, persistent: false, log: () => {} }, services);
    Object.assign(process.env, env);
    say(`benchmarks (n=${process.env.BENCH_N ?? 20} per figure, after one warm-up run)`);
    const rows = await benchSourceZip();
    printTable('B6 export (source part): zip of a version from the store, beside zip -r of the same files', rows);
    mkdirSync('bench-results', { recursive: true });
    writeFileSync('bench-results/b6-source.json', JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
    say('written: bench-results/b6-source.json');

    const b7 = await benchContextAndParser();
    printTable('B7 context build and parser throughput (no reference: absolute bars)', b7.rows);
    for (const t of b7.throughput) say(`parser throughput, ${t.chunk}: ${t.mbPerSecond} MB/s (bar ≥ 50 MB/s)`);
    writeFileSync('bench-results/b7-context-parser.json', JSON.stringify({ at: new Date().toISOString(), ...b7 }, null, 2));
    say('written: bench-results/b7-context-parser.json');
    return 0;
  } finally {
    await services.stopAll();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}
