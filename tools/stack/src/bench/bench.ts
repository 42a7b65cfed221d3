import { createWriteStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadEnv } from '@studio/config';
import { say } from '../log.js';
import { scriptedModelEnv, startModelServer } from '../model-server.js';
import { probeOciRuntime } from '../oci-runtime.js';
import { freePort } from '../ports.js';
import { previewEnv, removeStackContainers } from '../preview-image.js';
import { Services } from '../service.js';
import { startApps, startServices } from '../stack.js';
import { benchTurnOverhead } from './b1-turn-overhead.js';
import { benchHmr } from './b2-hmr.js';
import { b3Rows, measureColdStarts, measureResumes, measureWarmStarts, rawDockerRun } from './b3-start.js';
import { benchDensity } from './b4-density.js';
import { benchGateway } from './b5-gateway.js';
import { databaseFloorByPool, measureGatewayLimits } from './b5-limits.js';
import { benchSourceZip } from './b6-source-zip.js';
import { benchStaticExport } from './b6-static-export.js';
import { benchContextAndParser } from './b7-context-parser.js';
import { benchTypecheck } from './b8-typecheck.js';
import { benchSites, printLoad } from './b9-sites.js';
import { benchScaleOut } from './b10-scale-out.js';
import { benchPromptCache, share } from './b11-prompt-cache.js';
import { b12Rows, benchRuntimes, measureRuntime, type RuntimeFigures } from './b12-runtimes.js';
import { benchUpload } from './b13-upload.js';
import { benchPageEdit } from './b14-page-edit.js';
import { printTable } from './stats.js';

/**
 * `./studio bench`: the benchmarks of docs/BENCHMARKS.md against a throwaway real stack. Prints a table and writes
 * bench-results/<id>.json. Benchmarks never fail: they report.
 */
// BENCH_ONLY=b1,b5 runs only those; all by default.
const wanted = (id: string) => !process.env.BENCH_ONLY || process.env.BENCH_ONLY.split(',').includes(id);

// Benchmarks of libraries, run in this process: asked for alone (BENCH_ONLY=b8), they start no stack.
const LIBRARY_BENCHES = ['b7', 'b8'];

export async function bench(): Promise<number> {
  if (process.env.BENCH_ONLY?.split(',').every((id) => LIBRARY_BENCHES.includes(id))) {
    say(`benchmarks (n=${process.env.BENCH_N ?? 20} per figure, after one warm-up run; libraries only, no stack)`);
    mkdirSync('bench-results', { recursive: true });
    await libraryBenches();
    return 0;
  }
  const services = new Services();
  const dataRoot = mkdtempSync(join(tmpdir(), 'studio-bench-'));
  // BENCH_LOG=<file> keeps the API's and the worker's output, for a benchmark that hangs or fails.
  const appLogFile = process.env.BENCH_LOG ? createWriteStream(process.env.BENCH_LOG, { flags: 'w' }) : null;
  const appLog = (line: string) => appLogFile?.write(`${line}\n`);
  const stackId = `bench-${process.pid}`;
  const apps = new Services();
  try {
    const env = await startServices({ dataRoot, persistent: false, log: () => {} }, services);
    Object.assign(process.env, env);
    say(`benchmarks (n=${process.env.BENCH_N ?? 20} per figure, after one warm-up run)`);

    // B1 and B5 run against the built API and worker, with the scripted model; generous per-user limits,
    // since a burst of 500 turns is the point of B5.
    const model = services.add(await startModelServer(() => {}));
    const port = await freePort();
    const previews = await previewEnv(stackId, () => {});
    // Phase 1: no warm pool (cold starts are cold); phase 2 below restarts the apps with one.
    const appEnv = {
      ...env,
      ...scriptedModelEnv(model.url),
      ...previews,
      PREVIEW_WARM_POOL: '0',
      PREVIEW_MEMORY_MB: '512',
      TRUST_PROXY_HOPS: '1',
      // B9's site host, on a port of its own.
      SITES_PORT: String(await freePort()),
      SITES_DOMAIN: 'sites.localhost',
      TURNS_PER_MINUTE: '100000',
      TURNS_MAX_WAITING: '100000',
      AUTH_RATE_LIMIT_PER_IP: '100000',
      LOG_LEVEL: process.env.BENCH_LOG ? 'log' : 'warn',
    };
    let apiUrl = await startApps(appEnv, apps, { port, log: appLog, onCrash: (name) => say(`${name} crashed during the benchmarks`) });
    mkdirSync('bench-results', { recursive: true });
    const docker = previews.PREVIEW_RUNTIME === 'docker';
    const network = process.env.PREVIEW_NETWORK ?? 'studio-previews';
    if (wanted('b1')) {
      const b1 = await benchTurnOverhead(apiUrl, model.url);
      printTable('B1 turn overhead (the scripted model streams 40 chunks 5 ms apart; its time is not counted; a preview runs)', b1.rows);
      writeFileSync('bench-results/b1-turn-overhead.json', JSON.stringify({ at: new Date().toISOString(), ...b1 }, null, 2));
    }
    if (docker && wanted('b2')) {
      const b2 = await benchHmr(apiUrl, model.url, previews.PREVIEW_IMAGE, network);
      printTable('B2 first visible change (the reply streams on for about 200 ms after the file)', b2.rows);
      writeFileSync('bench-results/b2-hmr.json', JSON.stringify({ at: new Date().toISOString(), ...b2 }, null, 2));
    }
    if (docker && wanted('b14')) {
      const b14 = await benchPageEdit(apiUrl, previews.PREVIEW_IMAGE, network);
      printTable('B14 text edited on the page → HMR update, beside B2’s raw Vite reference', b14.rows);
      writeFileSync('bench-results/b14-page-edit.json', JSON.stringify({ at: new Date().toISOString(), ...b14 }, null, 2));
    }
    let b3: { raw: number[]; cold: number[]; resume: { samples: number[]; reference: number[] } } | null = null;
    if (docker && wanted('b3')) {
      const raw = await rawDockerRun(previews.PREVIEW_IMAGE, network);
      const cold = await measureColdStarts(apiUrl);
      const resume = await measureResumes(cold.started, env.DATABASE_URL);
      b3 = { raw, cold: cold.samples, resume };
    }
    if (docker && wanted('b4')) {
      const running = b3 ? Number(process.env.BENCH_N ?? 20) + 1 : 0;
      const b4 = await benchDensity(apiUrl, model.url, previews.PREVIEW_IMAGE, network, env.DATABASE_URL, running);
      printTable('B4 density', b4.rows);
      say(`B4: ${JSON.stringify(b4.report)} (bars: ≥ 80 running, idle RSS ≤ 1.1× bare Vite, idle CPU ≈ 0)`);
      writeFileSync('bench-results/b4-density.json', JSON.stringify({ at: new Date().toISOString(), ...b4 }, null, 2));
    }
    if (docker && b3) {
      // Phase 2: the same stack's apps restarted with a warm pool; every earlier preview removed first.
      await apps.stopAll();
      await removeStackContainers(stackId);
      const pool = 2;
      apiUrl = await startApps({ ...appEnv, PREVIEW_WARM_POOL: String(pool) }, apps, { port, log: () => {}, onCrash: (name) => say(`${name} crashed during the benchmarks`) });
      const warm = await measureWarmStarts(apiUrl, env.DATABASE_URL, pool);
      const rows = b3Rows(b3.raw, b3.cold, warm, b3.resume);
      printTable('B3 preview start', rows);
      writeFileSync('bench-results/b3-start.json', JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
    }
    if (wanted('b5')) {
      // What this machine can do, measured in the same run: the burst's bar is a ratio to it (issue 23).
      const apiEnv = loadEnv({ ...process.env, ...appEnv });
      const burst = await benchGateway(apiUrl, model.url, 0, () => measureGatewayLimits(env.DATABASE_URL, apiEnv));
      const paced = await benchGateway(apiUrl, model.url, 5000);
      printTable('B5 gateway: 500 sockets connected; each sends one turn (all at once, then spread over 5 s)', [...burst.rows, ...paced.rows]);
      for (const r of [burst.report, paced.report]) say(`B5: ${JSON.stringify(r)}`);
      // After the paced run (its turns all done): the API's pool size against this machine's cores.
      const byPool = await databaseFloorByPool(env.DATABASE_URL, apiEnv, [2, 4, apiEnv.DB_POOL_SIZE, 16]);
      say(`B5 DB floor, 500 enqueues at once, all done (ms) by pool size: ${byPool.map((p) => `${p.poolSize}: ${p.allDoneMs}`).join(', ')}`);
      writeFileSync('bench-results/b5-gateway.json', JSON.stringify({ at: new Date().toISOString(), burst, paced, byPool }, null, 2));
    }
    if (wanted('b6')) {
      const rows = await benchSourceZip();
      printTable('B6 export (source part): zip of a version from the store, beside zip -r of the same files', rows);
      writeFileSync('bench-results/b6-source.json', JSON.stringify({ at: new Date().toISOString(), rows }, null, 2));
      say('written: bench-results/b6-source.json');
      if (docker) {
        const staticRows = await benchStaticExport(apiUrl, previews.PREVIEW_IMAGE);
        printTable('B6 export (static part): a static export through the API, beside a raw vite build of the same files', staticRows);
        writeFileSync('bench-results/b6-static.json', JSON.stringify({ at: new Date().toISOString(), rows: staticRows }, null, 2));
      }
    }
    if (docker && wanted('b9')) {
      // Publishing builds in the preview image's network-less container: the Docker engine is needed.
      const b9 = await benchSites(apiUrl, Number(appEnv.SITES_PORT), appEnv.SITES_DOMAIN, appLog);
      printTable('B9 publish (POST → ready) beside the raw build inside it', b9.rows);
      printLoad(b9);
      writeFileSync('bench-results/b9-sites.json', JSON.stringify({ at: new Date().toISOString(), ...b9 }, null, 2));
      say('written: bench-results/b9-sites.json');
    }
    if (wanted('b10')) {
      // 1×1 then 3×3 processes behind nginx, each with a database, a Redis and a bucket of its own on this stack's servers.
      const b10 = await benchScaleOut({ ...process.env, ...appEnv }, model.url, appLog);
      printTable('B10 scale-out: the same turns on 3 APIs × 3 workers beside 1 × 1, behind nginx (2 cores: the ratio is overhead)', b10.rows);
      writeFileSync('bench-results/b10-scale-out.json', JSON.stringify({ at: new Date().toISOString(), ...b10 }, null, 2));
      say('written: bench-results/b10-scale-out.json');
    }
    if (wanted('b11')) {
      const b11 = await benchPromptCache(apiUrl, model.url);
      printTable('B11 prompt cache: a follow-up edit on the default template (tokens and cached share of its input, as the ledger records them)', b11.rows);
      for (const provider of ['openai', 'anthropic']) {
        const shares = b11.samples.filter((s) => s.model.startsWith(provider)).map((s) => share(s.followUp));
        if (shares.length) say(`B11 ${provider}: lowest cached share of a follow-up ${Math.min(...shares)}% (bar ≥ 70%)`);
      }
      writeFileSync('bench-results/b11-prompt-cache.json', JSON.stringify({ at: new Date().toISOString(), ...b11 }, null, 2));
      say('written: bench-results/b11-prompt-cache.json');
    }
    if (wanted('b13')) {
      const b13 = await benchUpload(apiUrl);
      printTable(`B13 upload → asset in a version (a ${(b13.photoBytes / 1e6).toFixed(1)} MB photo, ${b13.variants} variants; reference: the image library alone)`, b13.rows);
      if (b13.endToEndError) say(`B13: the end-to-end figure is missing: ${b13.endToEndError}`);
      writeFileSync('bench-results/b13-upload.json', JSON.stringify({ at: new Date().toISOString(), ...b13 }, null, 2));
    }
    if (docker && wanted('b12')) {
      // Per runtime, the apps restarted with PREVIEW_OCI_RUNTIME and no warm pool; every earlier preview removed first.
      const figures: RuntimeFigures[] = [];
      for (const runtime of benchRuntimes()) {
        const probe = await probeOciRuntime(previews.PREVIEW_IMAGE, runtime);
        if (!probe.ok) {
          say(`B12: ${runtime} left out: ${probe.reason}`);
          continue;
        }
        await apps.stopAll();
        await removeStackContainers(stackId);
        apiUrl = await startApps({ ...appEnv, PREVIEW_OCI_RUNTIME: runtime }, apps, { port, log: () => {}, onCrash: (name) => say(`${name} crashed during the benchmarks`) });
        figures.push(await measureRuntime(apiUrl, env.DATABASE_URL, previews.PREVIEW_IMAGE, network, stackId, runtime));
      }
      if (figures.length > 1) {
        const rows = b12Rows(figures);
        printTable(
          `B12 OCI runtime: ${figures
            .slice(1)
            .map((f) => f.runtime)
            .join(', ')} beside ${figures[0].runtime}, same run`,
          rows,
        );
        writeFileSync('bench-results/b12-runtimes.json', JSON.stringify({ at: new Date().toISOString(), figures, rows }, null, 2));
      } else say('B12: fewer than two runtimes run here, nothing to compare');
    }
  } finally {
    await apps.stopAll();
    await services.stopAll();
    await removeStackContainers(stackId);
    rmSync(dataRoot, { recursive: true, force: true });
  }
  // After the stack is gone: B7 and B8 measure libraries, not what B4's previews and the apps leave running on
  // the same 2 cores (B7's one-character parse measured 36.5 MB/s with them up, 53.5 on a CPU to itself).
  await libraryBenches();
  return 0;
}

async function libraryBenches(): Promise<void> {
  if (wanted('b7')) {
    const b7 = await benchContextAndParser();
    printTable('B7 context build and parser throughput (no reference: absolute bars)', b7.rows);
    for (const t of b7.throughput) say(`parser throughput, ${t.chunk}: ${t.mbPerSecond} MB/s (bar ≥ 50 MB/s)`);
    writeFileSync('bench-results/b7-context-parser.json', JSON.stringify({ at: new Date().toISOString(), ...b7 }, null, 2));
    say('written: bench-results/b7-context-parser.json');
  }
  if (wanted('b8')) {
    const b8 = await benchTypecheck();
    printTable('B8 type check per </code> (one file changed; reference: a full tsc --noEmit of the same files, TS 7)', b8.rows);
    for (const r of b8.rows) {
      if (r.reference)
        say(
          `${r.figure}: p50 ${r.stats.medianMs} ms, p95 ${r.stats.p95Ms} ms; ratio to tsc --noEmit ${(r.stats.medianMs / r.reference.stats.medianMs).toFixed(2)} (p50), ${(r.stats.p95Ms / r.reference.stats.p95Ms).toFixed(2)} (p95)`,
        );
    }
    writeFileSync('bench-results/b8-typecheck.json', JSON.stringify({ at: new Date().toISOString(), ...b8 }, null, 2));
    say('written: bench-results/b8-typecheck.json');
  }
}
