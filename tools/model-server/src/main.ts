import { resolve } from 'node:path';
import { loadScenarios } from './scenario.js';
import { startScriptedModelServer } from './server.js';

/**
 * `node tools/model-server/dist/main.js [scenarios-dir] [port]`: prints `READY <url>`; SIGTERM stops it.
 * Without a folder it starts empty, for tests that register their scenarios over HTTP.
 */
const [dir, port] = process.argv.slice(2);
const server = await startScriptedModelServer(dir && dir !== '-' ? loadScenarios(resolve(dir)) : {}, Number(port ?? 0));
process.stdout.write(`READY ${server.url}\n`);
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void server.close().then(() => process.exit(0)));
