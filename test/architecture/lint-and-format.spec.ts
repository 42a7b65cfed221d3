import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The linter and the formatter (README "Lint and format") over the whole tree, as a unit test so that
 * `./studio test`, `./studio test --unit` and CI run them: oxlint with its type-aware rules (.oxlintrc.json) and
 * Biome's format and import-order check (biome.jsonc). One finding fails the test, and the failure prints what
 * the tool printed (file, line, rule). `npm run lint` runs the same two commands; `npm run format` fixes the second.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const LINT = { command: 'oxlint', args: ['--format=unix', '.'] };
const FORMAT_CHECK = { command: 'biome', args: ['ci', '--colors=off', '--max-diagnostics=50', '.'] };

/** The tool's report when it fails, '' when it passes. */
function findings({ command, args }: { command: string; args: string[] }): string {
  const run = spawnSync(join(ROOT, 'node_modules/.bin', command), args, { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.error) return `${command} did not run: ${run.error.message}`;
  return run.status === 0 ? '' : `${command} exited with ${run.status}:\n${run.stdout}${run.stderr}`;
}

// Each test may take minutes: the type-aware rules build the whole program (as tsc does), seconds alone, longer beside the other unit tests.
describe('lint and format', () => {
  it('oxlint finds nothing (no floating promises, no explicit any, the correctness rules)', () => {
    expect(findings(LINT)).toBe('');
  }, 300_000);

  it('every file is formatted and its imports are in order', () => {
    expect(findings(FORMAT_CHECK)).toBe('');
  }, 300_000);
});
