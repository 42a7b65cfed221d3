import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Every job carries its priority (docs/ARCHITECTURE.md "Job priorities"): jobs are added only by FairShare.add
 * (libs/platform), which applies jobOptions, and repeatable jobs are scheduled only with repeatableJob(name)
 * (libs/contracts), which does too. Fails when source code adds a job to a BullMQ queue any other way.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SCOPE = ['apps', 'libs', 'tools'];
const THE_ONE_ADDER = 'libs/platform/src/fairness/fair-share.ts';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist') return [];
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.(spec|int-spec|e2e-spec)\.ts$/.test(name) ? [path] : [];
  });
}

/** A queue add whose first argument is a job's name (a literal like 'turn.run', or a variable `name`), or a bulk add. */
const DIRECT_ADD = /(?<!fair)\.add\(\s*(?:'[a-z]+\.[a-z]+'|"[a-z]+\.[a-z]+"|name\s*,)|\.addBulk\(/g;
/** A scheduler call (not its declaration in an interface) and what follows it up to the end of the statement. */
const SCHEDULE = /\.upsertJobScheduler\(([^;]*)\);/g;

export function offences(path: string, text: string): string[] {
  const found: string[] = [];
  const line = (index: number) => text.slice(0, index).split('\n').length;
  if (path !== THE_ONE_ADDER) for (const m of text.matchAll(DIRECT_ADD)) found.push(`${path}:${line(m.index)}: a job added without FairShare.add`);
  for (const m of text.matchAll(SCHEDULE)) if (!m[1].includes('repeatableJob(')) found.push(`${path}:${line(m.index)}: a job scheduled without repeatableJob(name)`);
  return found;
}

describe('job priorities', () => {
  it('every job is added through FairShare.add or scheduled with repeatableJob (so it has a priority)', () => {
    const all = SCOPE.flatMap((dir) => sources(join(ROOT, dir))).flatMap((file) => offences(relative(ROOT, file), readFileSync(file, 'utf8')));
    expect(all).toEqual([]);
  });

  it('notices a job added or scheduled the other ways', () => {
    expect(offences('apps/x.ts', "await queue.add('turn.run', data, {});")).toHaveLength(1);
    expect(offences('apps/x.ts', 'await this.queue.addBulk(jobs);')).toHaveLength(1);
    expect(offences('apps/x.ts', 'await queue.add(name, data, opts);')).toHaveLength(1);
    expect(offences('apps/x.ts', "await q.upsertJobScheduler('a.b', { every: 1 }, { name: 'a.b', data: {} });")).toHaveLength(1);
    expect(offences('apps/x.ts', "await this.fair.add(this.queue, 'preview.sync', data); seen.add(id);")).toEqual([]);
    expect(offences('apps/x.ts', "await q.upsertJobScheduler('a.b', { every: 1 }, repeatableJob('a.b'));")).toEqual([]);
  });
});
