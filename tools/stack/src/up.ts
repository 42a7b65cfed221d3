import { resolve } from 'node:path';
import { StackError, say } from './log.js';
import { portInUse } from './ports.js';
import { previewEnv, stopStackContainers } from './preview-image.js';
import { Services } from './service.js';
import { startApps, startServices } from './stack.js';

/** Command 1: the whole product up, data kept in STUDIO_DATA_DIR (default .data); Ctrl-C stops everything. */
export async function up(): Promise<number> {
  const services = new Services();
  let done: (code: number) => void = () => {};
  const finished = new Promise<number>((r) => (done = r));
  let previewStack: string | null = null;
  const shutdown = async (code: number) => {
    say('stopping...');
    await services.stopAll();
    // After the worker (which would start them again): the previews it started stop with the product.
    if (previewStack) {
      const stopped = await stopStackContainers(previewStack).catch((err: Error) => (say(`could not stop the previews: ${err.message}`), 0));
      if (stopped) say(`stopped ${stopped} preview container(s); they start again when opened.`);
    }
    say('stopped.');
    done(code);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  try {
    const port = Number(process.env.PORT ?? 3000);
    if (await portInUse(port, '0.0.0.0')) throw new StackError(`Port ${port} is in use; set PORT to another one.`);
    // Published sites: the API's second listener (SITES_PORT=0 turns it off).
    const sitesPort = Number(process.env.SITES_PORT ?? 3100);
    if (sitesPort && (await portInUse(sitesPort, '0.0.0.0'))) throw new StackError(`Port ${sitesPort} (published sites) is in use; set SITES_PORT to another one, or 0 to serve no sites.`);
    const log = (line: string) => process.stdout.write(`${line}\n`);
    const env = await startServices({ dataRoot: resolve(process.env.STUDIO_DATA_DIR ?? '.data'), persistent: true, log }, services);
    const stackId = process.env.PREVIEW_STACK_ID ?? 'studio';
    Object.assign(env, await previewEnv(stackId, log));
    if (env.PREVIEW_RUNTIME === 'docker') previewStack = stackId;
    await startApps(env, services, { port, log, onCrash: (name) => void shutdown(1).then(() => say(`${name} crashed; everything was stopped.`)) });
    say('');
    say(`Studio is up: http://localhost:${port}`);
    say(`  API docs: http://localhost:${port}/docs   health: http://localhost:${port}/health`);
    say(sitesPort ? `  published sites: http://<slug>.${process.env.SITES_DOMAIN ?? 'sites.localhost'}:${sitesPort}/` : '  published sites: off (SITES_PORT=0)');
    say(process.env.METRICS_TOKEN ? `  metrics: http://localhost:${port}/metrics (Authorization: Bearer $METRICS_TOKEN)` : '  metrics: off (set METRICS_TOKEN to serve /metrics)');
    say('  Ctrl-C stops everything it started.');
  } catch (err) {
    process.stderr.write(`[studio] ${err instanceof StackError ? err.message : ((err as Error)?.stack ?? err)}\n`);
    await shutdown(1);
  }
  return finished;
}
