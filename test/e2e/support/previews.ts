import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';
import WebSocket from 'ws';
import type { Client, Json } from './api.js';
import type { EventLog } from './turns.js';

const run = promisify(execFile);

/** The stack's preview driver (./studio test picks Docker when an engine answers). */
export const PREVIEW_RUNTIME = process.env.PREVIEW_RUNTIME ?? 'process';

export interface PreviewReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * A request to a preview URL (http://<projectId>.preview.localhost:<port>/...). Sent to 127.0.0.1 with the
 * preview's Host header, as a browser resolving *.localhost would.
 */
export function previewRequest(url: string, opts: { cookie?: string; method?: string } = {}): Promise<PreviewReply> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: Number(u.port || 80), method: opts.method ?? 'GET', path: `${u.pathname}${u.search}`, headers: { host: u.host, ...(opts.cookie ? { cookie: opts.cookie } : {}) } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.once('error', reject);
    req.end();
  });
}

/** Follows the signed link the API handed out; returns the cookie it sets and the preview's origin. */
export async function signInToPreview(url: string): Promise<{ cookie: string; origin: string; setCookie: string }> {
  const res = await previewRequest(url);
  if (res.status !== 302) throw new Error(`the preview link answered ${res.status}: ${res.body}`);
  const setCookie = String([res.headers['set-cookie']].flat()[0] ?? '');
  return { cookie: setCookie.split(';')[0], origin: new URL(url).origin, setCookie };
}

/** Starts the project's preview and waits until it is ready; returns its signed URL. */
export async function startPreview(client: Client, projectId: string, log: EventLog, timeoutMs = 60_000): Promise<string> {
  const started = await client.post(`/api/projects/${projectId}/preview`);
  if (![200, 202].includes(started.status)) throw new Error(`POST /preview answered ${started.status}: ${JSON.stringify(started.body)}`);
  if (started.status === 202) await log.waitFor((e) => e.name === 'preview:status' && e.payload.status === 'ready', timeoutMs, 'the preview to be ready');
  return started.body.url as string;
}

/** Vite's HMR websocket through the proxy, as the page's client opens it (its path, protocol and token). */
export async function openHmr(origin: string, cookie: string): Promise<{ ws: WebSocket; messages: { at: number; data: Json }[] }> {
  const client = await previewRequest(`${origin}/@vite/client`, { cookie });
  const token = /wsToken = "([^"]+)"/.exec(client.body)?.[1];
  if (!token) throw new Error('no HMR token in /@vite/client');
  const u = new URL(origin);
  const ws = new WebSocket(`ws://127.0.0.1:${u.port}/?token=${token}`, 'vite-hmr', { headers: { host: u.host, cookie } });
  const messages: { at: number; data: Json }[] = [];
  ws.on('message', (data) => messages.push({ at: performance.timeOrigin + performance.now(), data: JSON.parse(String(data)) }));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HMR websocket refused: ${res.statusCode}`)));
  });
  return { ws, messages };
}

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** Runs a Node script inside a container as its own user; returns what it printed and its exit code. */
export async function execNode(containerId: string, script: string, timeoutMs = 30_000): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run('docker', ['exec', containerId, 'node', '-e', script], { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, out: `${stdout}${stderr}` };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}
