// The preview agent: the one process of a preview container (under Docker's init). It owns the project's
// working copy in WORK_DIR and runs Vite's dev server in-process, so a preview costs one Node process and
// file changes reach Vite without a file watcher's delay.
//
// Two ports:
//   VITE_PORT  (5173) the page and its HMR websocket; the API's preview proxy is the only thing that reaches it.
//   AGENT_PORT (7070) this control API, bearer-token protected (AGENT_TOKEN), used by the worker (its messages'
//                     types: libs/containers/src/agent-protocol.ts):
//     GET  /health            {state, version, pid}
//     PUT  /files             {version, replace?, writes: [{path, data (base64)}], deletes: [path], renames: [{from, path}]}
//                             writes the batch atomically per file, tells Vite, and starts Vite on the first batch
//     GET  /events?after=N    NDJSON: Vite's update / full-reload / error messages and the page's runtime errors
//                             (errors after seq N that happened before the call come first)
//
// Plain JavaScript on purpose: it runs inside the image with nothing but Node and the preview's packages.

import { timingSafeEqual } from 'node:crypto';
import { createServer as createHttpServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyBatch, parseBatch, readTree } from './files.mjs';
import { appOriginOf } from './page-bridge.mjs';
import { startVite } from './vite-server.mjs';

const env = process.env;
const WORK_DIR = env.WORK_DIR ?? '/work';
const AGENT_PORT = Number(env.AGENT_PORT ?? 7070);
const AGENT_HOST = env.AGENT_HOST ?? '0.0.0.0';
const VITE_PORT = Number(env.VITE_PORT ?? 5173);
const VITE_HOST = env.VITE_HOST ?? '0.0.0.0';
const TOKEN = Buffer.from(env.AGENT_TOKEN ?? '');
const ALLOWED_HOSTS = (env.PREVIEW_HOSTS ?? '')
  .split(',')
  .map((h) => h.trim())
  .filter(Boolean);
const MAX_BODY = 64 * 1024 * 1024;
// The client's origin (the worker passes PUBLIC_URL's): the page's edit bridge talks to it only; unset, no bridge.
const APP_ORIGIN = appOriginOf(env.STUDIO_APP_ORIGIN);

if (TOKEN.length < 16) {
  process.stderr.write('preview agent: AGENT_TOKEN (16+ characters) is required\n');
  process.exit(2);
}

// The messages of this API are typed once, in libs/containers/src/agent-protocol.ts (the worker's side uses the
// same types); tsconfig.json here checks this file's JSDoc against them.
/** @typedef {import('../../../libs/containers/src/agent-protocol.js').AgentEvent} AgentEvent */
/** @typedef {import('../../../libs/containers/src/agent-protocol.js').AgentEventBody} AgentEventBody */
/** @typedef {import('../../../libs/containers/src/agent-protocol.js').AgentHello} AgentHello */
/** @typedef {import('../../../libs/containers/src/agent-protocol.js').AgentHealth} AgentHealth */
/** @typedef {import('../../../libs/containers/src/agent-protocol.js').AgentFilesAnswer} AgentFilesAnswer */
/** @typedef {import('../../../libs/containers/src/agent-protocol.js').AgentRefusal} AgentRefusal */

/** @type {AgentHealth} */
const status = { state: 'idle', version: null };
/** @type {Set<import('node:http').ServerResponse>} */
const listeners = new Set();
/** @type {Awaited<ReturnType<typeof startVite>> | null} */
let vite = null;
let starting = null;
// Batches are applied one at a time, in arrival order: a later batch must never be overtaken by an earlier one.
let queue = Promise.resolve();

// Errors are kept (the latest 50) and numbered, so a watcher that connects late, or reconnects, gets the
// ones it has not seen: an error the page hit a moment after start is not lost.
let seq = 0;
/** @type {AgentEvent[]} */
const kept = [];

/** @param {AgentEventBody} event */
function publish(event) {
  /** @type {AgentEvent} */
  const stamped = { ...event, seq: ++seq, version: status.version, at: Date.now() };
  if (event.type === 'error' || event.type === 'runtime-error') {
    kept.push(stamped);
    if (kept.length > 50) kept.shift();
  }
  const line = `${JSON.stringify(stamped)}\n`;
  for (const res of listeners) res.write(line);
}

function ensureVite() {
  if (vite) return Promise.resolve(vite);
  if (!starting) {
    status.state = 'starting';
    starting = startVite({ workDir: WORK_DIR, port: VITE_PORT, host: VITE_HOST, allowedHosts: ALLOWED_HOSTS, publish, appOrigin: APP_ORIGIN })
      .then((server) => {
        vite = server;
        status.state = 'ready';
        publish({ type: 'ready', version: status.version });
        return server;
      })
      .catch((err) => {
        status.state = 'error';
        status.error = String(err?.message ?? err);
        starting = null;
        throw err;
      });
  }
  return starting;
}

function authorized(req) {
  const header = req.headers.authorization ?? '';
  const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
  return given.length === TOKEN.length && timingSafeEqual(given, TOKEN);
}

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} code
 * @param {AgentHealth | AgentFilesAnswer | AgentRefusal} body
 */
function reply(res, code, body) {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY) throw Object.assign(new Error('batch too large'), { status: 413 });
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function handleFiles(req, res) {
  const batch = parseBatch(await readBody(req));
  const run = queue.then(async () => {
    const changed = await applyBatch(WORK_DIR, batch);
    status.version = batch.version;
    if (vite) vite.filesChanged(changed);
    else await ensureVite();
    return changed;
  });
  queue = run.catch(() => undefined);
  const changed = await run;
  reply(res, 200, { ok: true, state: status.state, version: status.version, changed: changed.length });
}

const server = createHttpServer(async (req, res) => {
  if (!authorized(req)) return reply(res, 401, { error: 'unauthorized' });
  try {
    if (req.method === 'GET' && req.url === '/health') return reply(res, 200, { ...status, pid: process.pid });
    if (req.method === 'PUT' && req.url === '/files') return await handleFiles(req, res);
    if (req.method === 'GET' && req.url?.startsWith('/events')) {
      const after = Number(new URL(req.url, 'http://agent').searchParams.get('after') ?? 0);
      res.writeHead(200, { 'content-type': 'application/x-ndjson', 'cache-control': 'no-store' });
      /** @type {AgentHello} */
      const hello = { type: 'hello', state: status.state, version: status.version, seq, at: Date.now() };
      res.write(`${JSON.stringify(hello)}\n`);
      for (const event of kept) if (event.seq > after) res.write(`${JSON.stringify(event)}\n`);
      listeners.add(res);
      req.on('close', () => listeners.delete(res));
      return;
    }
    reply(res, 404, { error: 'not found' });
  } catch (err) {
    reply(res, err?.status ?? 400, { error: String(err?.message ?? err) });
  }
});
server.keepAliveTimeout = 60_000;
server.listen(AGENT_PORT, AGENT_HOST, () => {
  process.stdout.write(`preview agent listening on ${AGENT_HOST}:${AGENT_PORT}\n`);
});

// A warm container starts Vite over the placeholder project before it is claimed, so the dependency
// pre-bundle and Vite's own start are paid before anyone waits.
if (env.PREVIEW_WARM === '1') {
  const placeholder = join(dirname(fileURLToPath(import.meta.url)), '..', 'placeholder');
  queue = readTree(placeholder)
    .then((writes) => applyBatch(WORK_DIR, { version: null, replace: true, writes, deletes: [] }))
    .then(() => ensureVite())
    .catch((err) => process.stderr.write(`vite failed to start: ${err?.stack ?? err}\n`));
}

for (const signal of ['SIGTERM', 'SIGINT']) {
  process.on(signal, () => {
    server.close();
    void Promise.resolve(vite?.close()).finally(() => process.exit(0));
  });
}
