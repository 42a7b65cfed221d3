import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { promisify } from 'node:util';
import type { Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { type BenchClient, wallNow } from './bench-client.js';

const run = promisify(execFile);

export async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args, { maxBuffer: 16 * 1024 * 1024 })).stdout.trim();
}

/**
 * The raw references' container: the preview image's own Vite CLI, as root, over a project folder bind-mounted
 * at /work/project. `run` is `docker run`'s options (network, -d or --rm), `vite` Vite's arguments.
 */
export function rawViteInImage(image: string, dir: string, run: string[], vite: string[]): Promise<string> {
  return docker('run', ...run, '--user', '0', '-v', `${dir}:/work/project`, '--entrypoint', 'node', image, '/opt/preview/node_modules/vite/bin/vite.js', ...vite);
}

/** GET through the preview proxy: to 127.0.0.1 with the preview's Host, as a browser resolving *.localhost would. */
export function previewGet(url: string, cookie?: string): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: Number(u.port || 80), path: `${u.pathname}${u.search}`, headers: { host: u.host, ...(cookie ? { cookie } : {}) } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.once('error', reject);
    req.end();
  });
}

/** A direct GET to a container (the raw references): Vite accepts an IP host. Status 0: no answer. */
export function directPage(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    const req = request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', () => resolve({ status: 0, body: '' }));
    req.setTimeout(2000, () => req.destroy());
    req.end();
  });
}

export const directGet = async (url: string): Promise<number> => (await directPage(url)).status;

export async function signIn(link: string): Promise<{ origin: string; cookie: string }> {
  const res = await previewGet(link);
  if (res.status !== 302) throw new Error(`preview link answered ${res.status}`);
  return { origin: new URL(link).origin, cookie: String([res.headers['set-cookie']].flat()[0]).split(';')[0] };
}

/** POST /preview and wait for `preview:status` ready on the socket; returns the signed URL. A preview that
 * ends in `error`, or is not ready within a minute, fails the benchmark instead of hanging it. */
export async function startPreview(client: BenchClient, socket: Socket, projectId: string): Promise<string> {
  let settle: (err?: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    const on = (p: { projectId: string; status: string; error?: string }) => {
      if (p.projectId !== projectId || (p.status !== 'ready' && p.status !== 'error')) return;
      settle(p.status === 'error' ? new Error(`preview of ${projectId} failed: ${p.error ?? 'error'}`) : undefined);
    };
    const timer = setTimeout(() => settle(new Error(`preview of ${projectId} not ready within 60 s`)), 60_000);
    settle = (err) => {
      clearTimeout(timer);
      socket.off('preview:status', on);
      if (err) reject(err);
      else resolve();
    };
    socket.on('preview:status', on);
  });
  ready.catch(() => undefined);
  const view = await client.call<{ status: string; url: string }>('POST', `/api/projects/${projectId}/preview`);
  if (view.status !== 'ready') await ready;
  else settle();
  return view.url;
}

export interface Hmr {
  ws: WebSocket;
  /** Resolves at the next `update` message naming `path` (wall-clock ms). */
  nextUpdate(path: string): Promise<number>;
  close(): void;
}

/** Vite's HMR websocket as the page's client opens it; `get` fetches /@vite/client for the token. */
export async function openHmr(wsUrl: (hmrToken: string) => string, clientSource: string, headers: Record<string, string> = {}): Promise<Hmr> {
  const hmrToken = /wsToken = "([^"]+)"/.exec(clientSource)?.[1];
  if (!hmrToken) throw new Error('no HMR token in /@vite/client');
  const ws = new WebSocket(wsUrl(hmrToken), 'vite-hmr', { headers });
  let waiter: { path: string; resolve: (at: number) => void } | null = null;
  ws.on('message', (data) => {
    const at = wallNow();
    const msg = JSON.parse(String(data)) as { type: string; updates?: { path: string }[] };
    if (waiter && msg.type === 'update' && msg.updates?.some((u) => u.path === waiter!.path)) {
      const w = waiter;
      waiter = null;
      w.resolve(at);
    }
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    ws,
    nextUpdate: (path) => new Promise<number>((resolve) => (waiter = { path, resolve })),
    close: () => ws.close(),
  };
}

/** A container's memory (cgroup v1: resident anonymous memory) in MB. */
export function containerRssMb(id: string): number {
  const stat = readFileSync(`/sys/fs/cgroup/memory/docker/${id}/memory.stat`, 'utf8');
  return Number(/^total_rss (\d+)$/m.exec(stat)?.[1] ?? 0) / 1024 / 1024;
}

/**
 * A container's working set (cgroup v1, as `docker stats` counts it: usage less inactive file cache) in MB.
 * Unlike RSS it also counts gVisor's guest memory, which lives in a memfd (shared memory), not anonymous pages.
 */
export function containerWorkingSetMb(id: string): number {
  const dir = `/sys/fs/cgroup/memory/docker/${id}`;
  const usage = Number(readFileSync(`${dir}/memory.usage_in_bytes`, 'utf8'));
  const inactiveFile = Number(/^total_inactive_file (\d+)$/m.exec(readFileSync(`${dir}/memory.stat`, 'utf8'))?.[1] ?? 0);
  return (usage - inactiveFile) / 1024 / 1024;
}

/** CPU time a container has used so far (cgroup v1), in ms. */
export function containerCpuMs(id: string): number {
  return Number(readFileSync(`/sys/fs/cgroup/cpuacct/docker/${id}/cpuacct.usage`, 'utf8')) / 1e6;
}

export const containerIp = async (id: string) => docker('inspect', '-f', '{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}', id);

export async function until200(get: () => Promise<number>, timeoutMs = 60_000): Promise<number> {
  return untilTrue(async () => (await get()) === 200, 'no 200 in time', timeoutMs);
}

// A warm instance serves its stand-in page (docker/preview/placeholder) until the project's files arrive.
const STAND_IN_TITLE = /<title>[^<]*<\/title>/.exec(readFileSync('docker/preview/placeholder/index.html', 'utf8'))![0];

/** Polls until the page answers 200 with the project's own HTML, not the warm instance's stand-in. */
export function untilProjectPage(get: () => Promise<{ status: number; body: string }>, timeoutMs = 60_000): Promise<number> {
  return untilTrue(
    async () => {
      const page = await get();
      return page.status === 200 && !page.body.includes(STAND_IN_TITLE);
    },
    "no 200 with the project's page in time",
    timeoutMs,
  );
}

async function untilTrue(check: () => Promise<boolean>, failure: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return wallNow();
    await new Promise((r) => setTimeout(r, 5));
  }
  throw new Error(failure);
}
