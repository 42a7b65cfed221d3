import { existsSync, readFileSync } from 'node:fs';

const LEVELS: Record<number, string> = { 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

/**
 * The apps' warnings and errors in a stack log (`<app> | <pino JSON line>`), newest last, one short line each.
 * Printed when tests fail: CI keeps the end of the output and nothing else, and a failed preview, turn or job
 * is explained there (a sync that timed out, a start that failed), not in the test's assertion.
 */
export function appWarnings(log: string, max = 30, width = 400): string[] {
  const out: string[] = [];
  for (const line of log.split('\n')) {
    const bar = line.indexOf(' | {');
    if (bar < 0) continue;
    let entry: { level?: number; context?: string; msg?: string } & Record<string, unknown>;
    try {
      entry = JSON.parse(line.slice(bar + 3));
    } catch {
      continue;
    }
    const level = LEVELS[entry.level ?? 0];
    if (!level) continue;
    const { time, context, msg } = entry;
    // What the entry carries besides pino's own fields and the app's name (the line's prefix).
    const rest = Object.fromEntries(Object.entries(entry).filter(([key]) => !['level', 'time', 'app', 'pid', 'context', 'msg'].includes(key)));
    const at = typeof time === 'number' ? new Date(time).toISOString().slice(11, 23) : '';
    const detail = Object.keys(rest).length ? ` ${JSON.stringify(rest)}` : '';
    out.push(`${at} ${line.slice(0, bar)} ${level} ${context ?? ''}: ${msg ?? ''}${detail}`.slice(0, width));
  }
  return out.slice(-max);
}

export function printAppWarnings(file: string): void {
  if (!existsSync(file)) return;
  const lines = appWarnings(readFileSync(file, 'utf8'));
  if (!lines.length) return;
  process.stdout.write(`[studio] the apps' last ${lines.length} warnings and errors (all of them: ${file}):\n${lines.map((l) => `  ${l}\n`).join('')}`);
}
