import { resolve } from 'node:path';
import { loadScenarios } from './scenario.js';
import { startScriptedModelServer } from './server.js';

/** `node tools/model-server/dist/main.js <scenarios-dir> [port]`: prints `READY <url>`; SIGTERM stops it. */
const [dir, port] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: model-server <scenarios-dir> [port]\n');
  process.exit(2);
}
const server = await startScriptedModelServer(loadScenarios(resolve(dir)), Number(port ?? 0));
process.stdout.write(`READY ${server.url}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
