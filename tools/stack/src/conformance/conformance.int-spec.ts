import { mkdirSync, writeFileSync } from 'node:fs';
import type { ConformanceTarget } from './conformance-target.js';
import { CHECK_NAMES, CONFINEMENT_CHECKS, type ConformanceReport, runConformance } from './suite.js';
import { type DriverLog, dockerTarget, processTarget } from './targets.js';

/**
 * The PreviewRuntime conformance suite (suite.ts) against both drivers of libs/containers, one run per driver
 * and one test per check, so a failure names the broken promise. `./studio conformance` runs the same suite.
 */
const quiet: DriverLog = { log: () => undefined, warn: () => undefined, error: (m) => console.error(m) };

/** Runs the suite once for a describe block; each driver's report, with every check's duration, is kept beside the other test artifacts. */
function suiteRun(makeTarget: (log: DriverLog, buildLog: (line: string) => void) => Promise<ConformanceTarget>) {
  const run: { report?: ConformanceReport } = {};
  beforeAll(async () => {
    const target = await makeTarget(quiet, () => undefined);
    run.report = await runConformance(target, `conformance-int-${process.pid}-${target.name}`);
    mkdirSync('test-artifacts', { recursive: true });
    writeFileSync(`test-artifacts/conformance-${target.name}.json`, `${JSON.stringify(run.report, null, 2)}\n`);
  }, 180_000);
  return () => {
    if (!run.report) throw new Error('the suite did not run');
    return run.report;
  };
}

/** One line per check: what a failure shows. */
const outcomeOf = (report: ConformanceReport, name: string) => {
  const o = report.outcomes.find((x) => x.name === name);
  return { check: name, status: o?.status ?? 'absent', detail: o?.detail };
};

describe('the PreviewRuntime conformance suite, process driver', () => {
  const report = suiteRun(processTarget);

  it.each(CHECK_NAMES.filter((n) => !CONFINEMENT_CHECKS.includes(n)))('%s', (name) => {
    expect(outcomeOf(report(), name)).toEqual({ check: name, status: 'passed', detail: undefined });
  });

  it('claims no confinement, so none of it is checked', () => {
    expect(report().confinement).toEqual({ nonRoot: false, readOnlyRoot: false, limits: null, noEgress: false });
    for (const name of CONFINEMENT_CHECKS) expect(outcomeOf(report(), name).status).toBe('not-claimed');
  });
});

// `./studio test` runs the Docker driver wherever an engine answers (CI's .ci/run starts one); without one
// the stack runs previews as processes and this block says so as skipped tests, never silently.
const withDocker = process.env.PREVIEW_RUNTIME === 'docker' ? describe : describe.skip;

withDocker('the PreviewRuntime conformance suite, Docker driver', () => {
  const report = suiteRun(dockerTarget);

  // The Docker driver claims every confinement (the host firewall included, installed as root here): all checked.
  it.each(CHECK_NAMES)('%s', (name) => {
    expect(outcomeOf(report(), name)).toEqual({ check: name, status: 'passed', detail: undefined });
  });
});
