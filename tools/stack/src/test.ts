import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { printAppWarnings } from './app-warnings.js';
import { ensureCommand } from './debian-package.js';
import { StackError, say } from './log.js';
import { scriptedModelEnv, startModelServer } from './model-server.js';
import { GVISOR, probeOciRuntime } from './oci-runtime.js';
import { freePort } from './ports.js';
import { ensureHostPreviewPackages, previewEnv, removeStackContainers } from './preview-image.js';
import { Services } from './service.js';
import { startApps, startServices } from './stack.js';

/**
 * Command 2: every test. A throwaway stack (own Postgres, Redis, S3 and data folder, free ports), the built
 * API and worker against it, then jest's three layers (unit, integration, end to end). The services' and
 * apps' logs go to test-artifacts/stack.log; the exit code is jest's.
 */
export async function test(jestArgs: string[]): Promise<number> {
  // Unit tests need no services: unless the caller picks projects, they run first, on every core, before the
  // stack takes the machine (jest gives one worker to a 2-core machine; the other two layers share one stack).
  if (jestArgs.includes('--selectProjects')) return testWithStack(jestArgs);
  // Some unit tests type-check against the preview packages (docker/preview/node_modules).
  await ensureHostPreviewPackages((line) => process.stdout.write(`${line}\n`));
  const unit = await runJest(['--selectProjects', 'unit', `--maxWorkers=${Math.max(2, availableParallelism())}`, '--passWithNoTests', '--json', `--outputFile=${UNIT_RESULTS}`, ...jestArgs]);
  printSummary(UNIT_RESULTS);
  const rest = await testWithStack(['--selectProjects', 'integration', 'e2e', '--passWithNoTests', ...jestArgs]);
  return unit || rest;
}

const UNIT_RESULTS = 'test-artifacts/jest-unit-results.json';

async function testWithStack(jestArgs: string[]): Promise<number> {
  const services = new Services();
  const dataRoot = mkdtempSync(join(tmpdir(), 'studio-test-'));
  const logFile = createWriteStream('test-artifacts/stack.log', { flags: 'w' });
  // Every preview container of this run carries this label, and goes at the end.
  const stackId = `test-${process.pid}`;
  const log = (line: string) => logFile.write(`${line}\n`);
  let crashed: string | undefined;
  const onSignal = () => void services.stopAll().then(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    const env = await startServices({ dataRoot, persistent: false, log }, services);
    const port = await freePort();
    // The tests reach the API from one address: X-Forwarded-For (one trusted hop) lets each test act as
    // its own client for the per-IP sign-in limits.
    Object.assign(env, { TRUST_PROXY_HOPS: '1', LOG_LEVEL: 'log', TEMPLATES_DIR: 'templates', WORKER_METRICS_PORT: String(await freePort()) });
    // The logs test (test/e2e/logs.e2e-spec.ts) follows a request id into a job's project events, logged at
    // debug; and it reaches the worker's /health/live and /health/ready on a port of its own.
    Object.assign(env, { LOG_LEVEL: 'debug', WORKER_HEALTH_PORT: String(await freePort()) });
    // The tests scrape both /metrics endpoints, which answer only to this token.
    Object.assign(env, { METRICS_TOKEN: randomBytes(24).toString('base64url') });
    Object.assign(env, await previewEnv(stackId, log), { PREVIEW_WARM_POOL: '1' });
    // The isolation suite runs once per OCI runtime the engine can run previews under here.
    if (env.PREVIEW_RUNTIME === 'docker') Object.assign(env, { PREVIEW_ISOLATION_RUNTIMES: await isolationRuntimes(env.PREVIEW_IMAGE) });
    // Published sites on a port of their own; tests read SITES_PORT and SITES_DOMAIN from their environment
    // (test/e2e/support/site-host.ts) and send `Host: <slug>.<SITES_DOMAIN>:<port>` to 127.0.0.1.
    Object.assign(env, { SITES_PORT: String(await freePort()), SITES_DOMAIN: process.env.SITES_DOMAIN ?? 'sites.localhost' });
    // The webhook tests' receivers listen on 127.0.0.1; `./studio up` allows no such address.
    Object.assign(env, { WEBHOOK_ALLOWED_CIDRS: '127.0.0.1/32' });
    // The admin tests' addresses (test/e2e/admin.e2e-spec.ts) and the admin page's (test/e2e/web-account.e2e-spec.ts);
    // no other test signs up with these. ADMIN_EMAILS only makes the first admin: the tests grant the role via the CLI's function.
    Object.assign(env, { ADMIN_EMAILS: 'first-admin@admin-e2e.test,late-admin@admin-e2e.test,web-admin@web-account-e2e.test' });
    // The template tests build with the image's packages and render in Debian's Chromium.
    await ensureHostPreviewPackages(log);
    Object.assign(env, { CHROMIUM_PATH: ensureCommand('chromium', 'chromium') });
    const model = services.add(await startModelServer(log));
    Object.assign(env, scriptedModelEnv(model.url));
    const apiUrl = await startApps(env, services, { port, log, onCrash: (name) => (crashed = name) });
    say(`test stack up at ${apiUrl}; running jest...`);
    // --forceExit: a test that leaks a handle must fail CI through its assertions, never hang it.
    const code = await runJest(['--forceExit', '--json', '--outputFile=test-artifacts/jest-results.json', ...jestArgs], { ...env, API_URL: apiUrl });
    printSummary('test-artifacts/jest-results.json');
    if (code !== 0) printAppWarnings('test-artifacts/stack.log');
    if (crashed) throw new StackError(`${crashed} crashed during the tests; see test-artifacts/stack.log`);
    return code;
  } catch (err) {
    process.stderr.write(`[studio] ${err instanceof StackError ? err.message : ((err as Error)?.stack ?? err)}\n`);
    process.stderr.write('[studio] the stack log is in test-artifacts/stack.log\n');
    return 1;
  } finally {
    await services.stopAll();
    await removeStackContainers(stackId);
    logFile.end();
    rmSync(dataRoot, { recursive: true, force: true });
  }
}

/** runc always; gVisor beside it when it runs here, and a printed reason when it does not (never a silent skip). */
async function isolationRuntimes(image: string): Promise<string> {
  const gvisor = await probeOciRuntime(image, GVISOR);
  if (gvisor.ok) {
    say(`isolation suite: under runc and ${GVISOR} (gVisor)`);
    return `runc,${GVISOR}`;
  }
  say(`isolation suite: under runc only; the ${GVISOR} (gVisor) pass is skipped: ${gvisor.reason}`);
  return 'runc';
}

/** One plain closing line, `tests: N passed, N failed, N skipped`, read from jest's JSON report. */
function printSummary(file: string) {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numFailedTestSuites: number };
  process.stdout.write(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests} skipped\n`);
  if (r.numFailedTestSuites && !r.numFailedTests) process.stdout.write(`(${r.numFailedTestSuites} test files failed to run)\n`);
}

/** jest in ESM mode (Nest 12 and friends are ES modules); --experimental-vm-modules is jest's documented way. */
export function runJest(args: string[], env: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--experimental-vm-modules', '--no-warnings=ExperimentalWarning', 'node_modules/jest/bin/jest.js', ...args], {
      stdio: 'inherit',
      env: { ...process.env, ...env },
    });
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}
