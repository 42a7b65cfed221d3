import { StackError, say } from '../log.js';
import { dockerAvailable } from '../preview-image.js';
import type { ConformanceTarget } from './conformance-target.js';
import { type ConformanceReport, type Outcome, runConformance } from './suite.js';
import { type DriverLog, dockerTarget, moduleTarget, processTarget } from './targets.js';

const MARKS: Record<Outcome['status'], string> = { passed: 'ok  ', failed: 'FAIL', 'not-claimed': '--  ', 'not-run': 'skip' };

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** The drivers' own messages (prepare's warnings) go to the report too, marked as theirs. */
const driverLog: DriverLog = {
  log: (m) => say(`  driver: ${m}`),
  warn: (m) => say(`  driver: ${m}`),
  error: (m) => say(`  driver error: ${m}`),
};

async function pickTarget(driver: string | undefined): Promise<ConformanceTarget> {
  const buildLog = () => undefined;
  if (driver === 'docker') return dockerTarget(driverLog, buildLog);
  if (driver === 'process') return processTarget(driverLog, buildLog);
  if (driver) return moduleTarget(driver);
  // As the worker's PREVIEW_RUNTIME=auto: Docker when an engine answers.
  return (await dockerAvailable()) ? dockerTarget(driverLog, buildLog) : processTarget(driverLog, buildLog);
}

function parseArgs(args: string[]): string | undefined {
  if (args.length === 0) return undefined;
  if (args[0] === '--driver' && args[1] && args.length === 2) return args[1];
  if (args[0]?.startsWith('--driver=') && args.length === 1) return args[0].slice('--driver='.length);
  throw new StackError('usage: ./studio conformance [--driver docker|process|<path to a module exporting conformanceTarget>]');
}

function summary(report: ConformanceReport): string {
  const count = (status: Outcome['status']) => report.outcomes.filter((o) => o.status === status).length;
  const claims = report.confinement ? Object.entries(report.confinement).map(([k, v]) => `${k}=${typeof v === 'object' && v ? JSON.stringify(v) : v}`) : [];
  return [
    `driver ${report.kind ?? '?'} (${report.target}) claims: ${claims.join(', ') || 'nothing (it did not start)'}`,
    `${report.passed ? 'CONFORMS' : 'DOES NOT CONFORM'}: ${count('passed')} passed, ${count('failed')} failed, ${count('not-run')} not run, ${count('not-claimed')} not claimed, in ${seconds(report.ms)}`,
  ].join('\n[studio] ');
}

/**
 * `./studio conformance [--driver docker|process|<module>]`: the PreviewRuntime conformance suite against one
 * driver, with nothing else of the stack (no database, no API): the driver and, for Docker, the preview image.
 * Exit code 0 when the driver conforms, 1 otherwise.
 */
export async function conformance(args: string[]): Promise<number> {
  const target = await pickTarget(parseArgs(args));
  say(`PreviewRuntime conformance suite against the ${target.name} driver`);
  const report = await runConformance(target, `conformance-${process.pid}`, (o) =>
    say(`${MARKS[o.status]} ${o.name}${o.status === 'passed' ? ` (${seconds(o.ms)})` : ''}${o.detail ? `\n         ${o.detail}` : ''}`),
  );
  say(summary(report));
  return report.passed ? 0 : 1;
}
