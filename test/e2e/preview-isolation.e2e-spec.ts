import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { jest } from '@jest/globals';
import pg from 'pg';
import type { Socket } from 'socket.io-client';
import { API_URL, connectSocket, emitWithAck, eventually, signUp } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';
import { docker, execNode, PREVIEW_RUNTIME, previewRequest, signInToPreview, startPreview } from './support/previews.js';
import { EventLog } from './support/turns.js';

jest.setTimeout(180_000);

interface Running {
  projectId: string;
  containerId: string;
  ip: string;
  origin: string;
  cookie: string;
}

/** What a preview container must not reach, and the one thing it must (its own dev server, to prove the probe works). */
const probe = (targets: { name: string; host: string; port: number }[]) => `
const net = require('node:net');
const tryOne = (t) => new Promise((resolve) => {
  const s = net.connect({ host: t.host, port: t.port });
  const done = (ok, err) => { s.destroy(); resolve({ ...t, ok, err }); };
  s.setTimeout(2500, () => done(false, 'timeout'));
  s.once('connect', () => done(true));
  s.once('error', (e) => done(false, e.code));
});
Promise.all(${JSON.stringify(targets)}.map(tryOne)).then((r) => console.log(JSON.stringify(r)));`;

const portOf = (url: string) => Number(new URL(url.replace(/^postgres(ql)?:/, 'http:').replace(/^redis:/, 'http:')).port);

/** This machine's own addresses (not loopback, not Docker's bridges): a preview must reach none of them. */
function hostAddresses(): string[] {
  return Object.entries(networkInterfaces())
    .filter(([name]) => !name.startsWith('docker') && !name.startsWith('br-') && !name.startsWith('veth') && !name.startsWith('stp-') && !name.startsWith('studio'))
    .flatMap(([, addrs]) => (addrs ?? []).filter((a) => a.family === 'IPv4' && !a.internal).map((a) => a.address));
}

/**
 * The OCI runtimes the same checks run under (PREVIEW_OCI_RUNTIME): `./studio test` lists runsc (gVisor) beside
 * runc when the engine has it registered and it runs a container, and prints why not otherwise.
 */
const RUNTIMES = (process.env.PREVIEW_ISOLATION_RUNTIMES ?? 'runc').split(',').filter(Boolean);
const STACK_RUNTIME = process.env.PREVIEW_OCI_RUNTIME ?? 'runc';

interface Target {
  url: string;
  stack: string;
  stop(): Promise<void>;
}

/**
 * Where the previews under test come from: the stack itself for its own runtime; for another, an API and a
 * worker of their own started with PREVIEW_OCI_RUNTIME (own queues and stack label, the stack's Postgres,
 * Redis and S3), as an operator would run them.
 */
async function targetFor(runtime: string): Promise<Target> {
  if (runtime === STACK_RUNTIME) return { url: API_URL, stack: process.env.PREVIEW_STACK_ID ?? 'studio', stop: async () => undefined };
  const stack = `iso-${runtime}-${randomUUID().slice(0, 8)}`;
  const port = await freePort();
  const env = { QUEUE_PREFIX: stack, PREVIEW_STACK_ID: stack, PREVIEW_OCI_RUNTIME: runtime };
  const apps = [new AppProcess('api', { ...env, PORT: String(port), PREVIEW_PUBLIC_PORT: String(port) }), new AppProcess('worker', { ...env, WORKER_METRICS_PORT: '0' })];
  const stop = async () => {
    await Promise.all(apps.map((app) => app.stop()));
    const left = (await docker('ps', '-aq', '--no-trunc', '--filter', `label=studio.stack=${stack}`)).split('\n').filter(Boolean);
    if (left.length) await docker('rm', '-f', '-v', ...left);
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await Promise.all([waitForHealth(url), apps[1].waitForLine(/Worker started/, 60_000)]);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, stack, stop };
}

type Blast = { code: number; out: string } | 'sandbox stopped';

/**
 * Runs a bomb in a container. Under runc the kernel stops the bomb alone; under gVisor the sandbox's own
 * kernel shares the container's cgroup with the bomb, so the host's limit stops the whole sandbox and the
 * bomb's exec either never answers or answers with the sandbox's own dying words (runsc: `urpc method
 * "containerManager.WaitPID" failed: EOF`) a moment before the engine marks the container stopped. Under a
 * sandboxing runtime the container's end is therefore the outcome, and an exec that came back is given a
 * grace period for the engine to catch up before it counts.
 */
async function detonate(containerId: string, script: string, timeoutMs: number, sandboxed: boolean): Promise<Blast> {
  const isRunning = async () => JSON.parse(await docker('inspect', containerId))[0].State.Running as boolean;
  let settled = false;
  const stopped = (async (): Promise<Blast> => {
    while (!settled && (await isRunning())) await new Promise((r) => setTimeout(r, 250));
    return 'sandbox stopped';
  })();
  const result = await Promise.race([execNode(containerId, script, timeoutMs), stopped]);
  settled = true;
  if (result === 'sandbox stopped' || !sandboxed) return result;
  for (const end = Date.now() + 15_000; Date.now() < end; await new Promise((r) => setTimeout(r, 250))) {
    if (!(await isRunning())) return 'sandbox stopped';
  }
  return result;
}

(PREVIEW_RUNTIME === 'docker' ? describe.each(RUNTIMES) : describe.skip.each(RUNTIMES))('a preview container under %s (real Docker engine)', (runtime) => {
  // runc stops a bomb process by process and the preview lives on; a sandboxing runtime stops the sandbox.
  const sandboxed = runtime !== 'runc';
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const sockets: Socket[] = [];
  let target: Target;
  let a: Running;
  let b: Running;

  async function running(tag: string): Promise<Running> {
    const user = await signUp(tag, target.url);
    const project = await user.client.post('/api/projects', { name: tag });
    const socket = await connectSocket(user.accessToken, target.url);
    sockets.push(socket);
    const log = new EventLog(socket);
    await emitWithAck(socket, 'project:join', { projectId: project.body.id });
    const url = await startPreview(user.client, project.body.id, log);
    const { cookie, origin } = await signInToPreview(url);
    const row = await db.query('SELECT instance_id, host FROM preview_sessions WHERE project_id = $1', [project.body.id]);
    return { projectId: project.body.id, containerId: row.rows[0].instance_id, ip: row.rows[0].host, origin, cookie };
  }

  beforeAll(async () => {
    await db.connect();
    target = await targetFor(runtime);
    [a, b] = [await running('isolated-a'), await running('isolated-b')];
  });
  afterAll(async () => {
    sockets.forEach((s) => s.close());
    await target?.stop();
    await db.end();
  });

  it('runs hardened: non-root, no capabilities, no-new-privileges, read-only root, limits, init, capped logs, no Docker socket', async () => {
    const info = JSON.parse(await docker('inspect', a.containerId))[0];
    expect(info.Config.User).toBe('10001:10001');
    expect(info.HostConfig).toMatchObject({ Runtime: runtime, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'], ReadonlyRootfs: true, Init: true, Privileged: false, PidsLimit: 128 });
    expect(info.HostConfig.Memory).toBeGreaterThan(0);
    expect(info.HostConfig.NanoCpus).toBeGreaterThan(0);
    expect(info.HostConfig.LogConfig.Config['max-size']).toBe('1m');
    expect(JSON.stringify(info.Mounts)).not.toContain('docker.sock');
    expect(info.Mounts.every((m: { Type: string }) => m.Type !== 'bind')).toBe(true);
    const id = await execNode(a.containerId, 'console.log(process.getuid(), require("node:fs").existsSync("/var/run/docker.sock"))');
    expect(id.out.trim()).toBe('10001 false');
  });

  it('reaches neither Postgres, Redis, S3, the API, the host, another preview nor 169.254.169.254', async () => {
    const network = JSON.parse(await docker('network', 'inspect', process.env.PREVIEW_NETWORK ?? 'studio-previews'))[0];
    const gateway: string = network.IPAM.Config[0].Gateway ?? network.IPAM.Config[0].Subnet.replace(/\.0\/\d+$/, '.1');
    const ports = {
      postgres: portOf(process.env.DATABASE_URL!),
      redis: portOf(process.env.REDIS_URL!),
      s3: portOf(process.env.S3_ENDPOINT!),
      api: portOf(process.env.API_URL!),
      ownApi: portOf(target.url),
      model: portOf(process.env.MODEL_SERVER_URL!),
    };
    const hosts = [gateway, ...hostAddresses(), '127.0.0.1'];
    const forbidden = [
      ...hosts.flatMap((host) => Object.entries(ports).map(([name, port]) => ({ name: `${name}@${host}`, host, port }))),
      ...hostAddresses().map((host) => ({ name: `ssh@${host}`, host, port: 22 })),
      { name: 'metadata', host: '169.254.169.254', port: 80 },
      { name: 'other preview (vite)', host: b.ip, port: 5173 },
      { name: 'other preview (agent)', host: b.ip, port: 7070 },
      { name: 'internet', host: '1.1.1.1', port: 443 },
    ];
    const own = { name: 'own dev server', host: '127.0.0.1', port: 5173 };
    const result = await execNode(a.containerId, probe([own, ...forbidden]));
    const outcomes = JSON.parse(result.out.trim().split('\n').pop()!) as { name: string; ok: boolean; err?: string }[];
    expect(outcomes[0]).toMatchObject({ name: own.name, ok: true });
    expect(
      outcomes
        .slice(1)
        .filter((o) => o.ok)
        .map((o) => o.name),
    ).toEqual([]);
    expect(outcomes.length).toBe(forbidden.length + 1);
    // The same API port answers from this machine: the probe above failed because of the sandbox, not a dead port.
    const fromHost = await fetch(`http://${hostAddresses()[0] ?? '127.0.0.1'}:${ports.api}/health`).then(
      (r) => r.status,
      () => 0,
    );
    expect(fromHost).toBeGreaterThan(0);
  });

  it('cannot write outside its work directory', async () => {
    const result = await execNode(
      a.containerId,
      `const fs = require('node:fs'); const out = {};
       for (const p of ['/opt/preview/agent/main.mjs', '/etc/passwd', '/usr/local/bin/node', '/x', '/work/ok.txt', '/tmp/ok.txt']) {
         try { fs.appendFileSync(p, ''); out[p] = 'ok'; } catch (e) { out[p] = e.code; }
       }
       const st = fs.statSync('/work'); out.work = [st.uid, (st.mode & 0o777).toString(8), process.getuid()];
       console.log(JSON.stringify(out));`,
    );
    // The last line is the script's: under load a runtime may write its own notice first (runsc did: "waiting on ...").
    const out = JSON.parse(result.out.trim().split('\n').pop()!);
    expect(out.work).toEqual([10001, '755', 10001]);
    for (const p of ['/opt/preview/agent/main.mjs', '/etc/passwd', '/usr/local/bin/node', '/x']) expect(['EROFS', 'EACCES']).toContain(out[p]);
    expect(out['/work/ok.txt']).toBe('ok');
    expect(out['/tmp/ok.txt']).toBe('ok');
  });

  it('stops a fork bomb at the PID limit, and other previews keep serving', async () => {
    // A chain of init processes (tiny, so memory is not what stops it) that would grow past the limit. No
    // `-s` (subreaper): gVisor's kernel has no PR_SET_CHILD_SUBREAPER, and the chain must grow under both.
    const chain = JSON.stringify([...Array.from({ length: 400 }, () => ['/sbin/docker-init', '--']).flat(), 'node', '-e', 'setTimeout(() => {}, 20000)']);
    const cgroup = `/sys/fs/cgroup/pids/docker/${a.containerId}`;
    // When the cgroup is missing, say what became of the container (a CI run under runsc once lost it here).
    if (!existsSync(`${cgroup}/pids.max`)) {
      const state = await docker('inspect', '--format', '{{json .State}}', a.containerId).catch((err: Error) => err.message);
      throw new Error(`preview a has no pids cgroup at ${cgroup}; its state: ${state}`);
    }
    expect(readFileSync(`${cgroup}/pids.max`, 'utf8').trim()).toBe('128');
    const bomb = await detonate(
      a.containerId,
      `const { spawn } = require('node:child_process');
       const args = ${chain}; let err = '';
       const child = spawn(args[0], args.slice(1), { stdio: ['ignore', 'ignore', 'pipe'] });
       child.stderr.on('data', (d) => (err += d));
       setTimeout(() => { console.log(JSON.stringify({ err: err.slice(0, 300) })); process.exit(0); }, 6000);`,
      60_000,
      sandboxed,
    );
    if (sandboxed) expect(bomb).toBe('sandbox stopped');
    else {
      expect(bomb).toMatchObject({ code: 0 });
      // `max N`: how many forks the limit refused.
      expect(Number(/max (\d+)/.exec(readFileSync(`${cgroup}/pids.events`, 'utf8'))?.[1])).toBeGreaterThan(0);
    }
    expect((await previewRequest(`${b.origin}/`, { cookie: b.cookie })).status).toBe(200);
  });

  it('kills a memory bomb inside its own limit without touching other previews', async () => {
    // A preview of its own: under a sandboxing runtime the fork bomb above stopped `a`.
    const c = await running('isolated-c');
    const bomb = await detonate(c.containerId, 'const a = []; for (;;) a.push(Buffer.alloc(1 << 20, 1));', 120_000, sandboxed);
    const state = JSON.parse(await docker('inspect', c.containerId))[0].State;
    if (sandboxed) {
      expect(bomb).toBe('sandbox stopped');
      expect(state.OOMKilled).toBe(true);
    } else {
      expect(bomb).toMatchObject({ code: 137 });
      // The kernel's OOM killer picks inside the preview's own cgroup: the bomb, or on a loaded machine sometimes
      // the preview's own server with it (the container then stops, marked OOM-killed, and starts again when
      // opened). Either way the limit held inside this preview, and the others are untouched (below).
      expect(state.Running || state.OOMKilled).toBe(true);
    }
    expect((await previewRequest(`${b.origin}/`, { cookie: b.cookie })).status).toBe(200);
    expect((await previewRequest(`${b.origin}/src/components/Hero.tsx`, { cookie: b.cookie })).status).toBe(200);
  });

  it('builds a static export under the same runtime, with no network at all', async () => {
    const user = await signUp('isolated-export', target.url);
    const project = await user.client.post('/api/projects', { name: 'Isolated export' });
    const socket = await connectSocket(user.accessToken, target.url);
    sockets.push(socket);
    const log = new EventLog(socket);
    await emitWithAck(socket, 'project:join', { projectId: project.body.id });
    const started = await user.client.post(`/api/projects/${project.body.id}/exports`, { kind: 'static' });
    expect(started.status).toBe(202);
    // The build's container lives for the build's few seconds: caught while it runs.
    const build = await eventually(
      async () => {
        const [id] = (await docker('ps', '-q', '--no-trunc', '--filter', 'label=studio.build=1', '--filter', `label=studio.stack=${target.stack}`)).split('\n').filter(Boolean);
        return id
          ? await docker('inspect', id).then(
              (out) => JSON.parse(out)[0],
              () => undefined,
            )
          : undefined;
      },
      60_000,
      'the build container',
    );
    expect(build.HostConfig).toMatchObject({ Runtime: runtime, NetworkMode: 'none', ReadonlyRootfs: true, CapDrop: ['ALL'], SecurityOpt: ['no-new-privileges'] });
    expect(build.Config.User).toBe('10001:10001');
    const outcome = await log.waitFor((e) => e.payload?.exportId === started.body.id && ['export:ready', 'export:failed'].includes(e.name), 150_000, 'the export');
    expect(outcome.name).toBe('export:ready');
  });
});
