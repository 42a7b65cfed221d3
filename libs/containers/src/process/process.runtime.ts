import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type AgentConnector, connectAgent } from '../agent-client.js';
import { type CreateOptions, type InstanceInfo, type InstanceState, type PreviewConfinement, type PreviewInstance, type PreviewRuntime, PreviewRuntimeError } from '../preview-runtime.js';

export interface ProcessRuntimeOptions {
  /** docker/preview: the agent and its installed packages. */
  previewDir: string;
  allowedHosts: string[];
  /** The client's origin, for the page's edit bridge (STUDIO_APP_ORIGIN in the agent's environment). */
  appOrigin?: string;
  log: { warn(message: string): void; error(message: string): void };
  /** How the runtime reaches an instance's agent to wait for it (connectAgent when omitted). */
  agents?: AgentConnector;
}

interface Entry {
  instance: PreviewInstance;
  sessionId: string;
  workDir: string;
  child: ChildProcess | null;
  paused: boolean;
}

const stateOf = (e: Entry): InstanceState => (e.child ? (e.paused ? 'paused' : 'running') : 'stopped');

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

/**
 * For machines with no Docker engine: the same agent as a child process of the worker, on loopback
 * ports. NOT ISOLATED: the model's code is served by a process with this user's rights and network.
 * Instances live as long as the worker; a restarted worker starts them again from the store.
 */
export class ProcessRuntime implements PreviewRuntime {
  readonly kind = 'process' as const;
  // It runs the agent as this user, with this machine's network and no limits: it claims nothing.
  readonly confinement: PreviewConfinement = { nonRoot: false, readOnlyRoot: false, limits: null, noEgress: false };
  private readonly entries = new Map<string, Entry>();
  // Its own folder, not one per process: close() removes it, and must not take another runtime's instances with it.
  private readonly root = join(tmpdir(), `studio-previews-${process.pid}-${randomBytes(4).toString('hex')}`);

  constructor(private readonly opts: ProcessRuntimeOptions) {}

  async prepare(): Promise<void> {
    const agent = join(this.opts.previewDir, 'agent', 'main.mjs');
    if (!existsSync(agent) || !existsSync(join(this.opts.previewDir, 'node_modules', 'vite'))) {
      throw new PreviewRuntimeError('PREVIEW_UNAVAILABLE', `the process driver needs ${this.opts.previewDir} with its packages installed (./studio up installs them)`);
    }
    this.opts.log.warn('previews: NO DOCKER ENGINE, using the local-process driver. Previews are NOT ISOLATED: model-written code runs as this user, with its network.');
  }

  private spawn(entry: Entry) {
    const { instance, workDir } = entry;
    const child = spawn(process.execPath, [resolve(this.opts.previewDir, 'agent', 'main.mjs')], {
      env: {
        PATH: process.env.PATH,
        NODE_ENV: 'development',
        AGENT_TOKEN: instance.token,
        AGENT_HOST: '127.0.0.1',
        AGENT_PORT: String(instance.agentPort),
        VITE_HOST: '127.0.0.1',
        VITE_PORT: String(instance.vitePort),
        WORK_DIR: workDir,
        PREVIEW_HOSTS: this.opts.allowedHosts.join(','),
        ...(this.opts.appOrigin ? { STUDIO_APP_ORIGIN: this.opts.appOrigin } : {}),
        PREVIEW_WARM: '0',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => this.opts.log.warn(`preview ${instance.id.slice(0, 8)}: ${chunk.toString().trim()}`));
    child.once('exit', () => {
      if (entry.child === child) entry.child = null;
    });
    entry.child = child;
  }

  async create({ sessionId, warm }: CreateOptions): Promise<PreviewInstance> {
    const id = randomUUID();
    const instance: PreviewInstance = { id, host: '127.0.0.1', vitePort: await freePort(), agentPort: await freePort(), token: randomBytes(24).toString('base64url') };
    const workDir = join(this.root, id);
    mkdirSync(workDir, { recursive: true });
    const entry: Entry = { instance, sessionId, workDir, child: null, paused: false };
    this.entries.set(id, entry);
    void warm; // Vite starts on the first batch: a process instance costs nothing until then.
    this.spawn(entry);
    try {
      await (this.opts.agents ?? connectAgent)(instance).waitUntilUp(30_000);
    } catch (err) {
      await this.remove(id);
      throw new PreviewRuntimeError('PREVIEW_START_FAILED', (err as Error).message);
    }
    return instance;
  }

  private entry(id: string): Entry {
    const entry = this.entries.get(id);
    if (!entry) throw new PreviewRuntimeError('PREVIEW_NOT_FOUND', `no preview process ${id}`);
    return entry;
  }

  async pause(id: string) {
    const entry = this.entry(id);
    entry.child?.kill('SIGSTOP');
    entry.paused = true;
  }

  async resume(id: string) {
    const entry = this.entry(id);
    const wasPaused = entry.paused && entry.child !== null;
    entry.child?.kill('SIGCONT');
    entry.paused = false;
    return wasPaused;
  }

  async stop(id: string) {
    const entry = this.entries.get(id);
    if (!entry?.child) return;
    const child = entry.child;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGCONT');
    child.kill('SIGTERM');
    // As Docker's stop (t: 2): a child that ignores SIGTERM does not hold the project's lock for ever.
    const kill = setTimeout(() => child.kill('SIGKILL'), 2000);
    await exited;
    clearTimeout(kill);
  }

  async restart(id: string): Promise<PreviewInstance> {
    const entry = this.entry(id);
    if (!entry.child) {
      this.spawn(entry);
      await (this.opts.agents ?? connectAgent)(entry.instance).waitUntilUp(30_000);
    }
    return entry.instance;
  }

  async remove(id: string) {
    await this.stop(id);
    const entry = this.entries.get(id);
    if (entry) rmSync(entry.workDir, { recursive: true, force: true });
    this.entries.delete(id);
  }

  async state(id: string): Promise<InstanceState> {
    const entry = this.entries.get(id);
    if (!entry) return 'missing';
    return stateOf(entry);
  }

  async list(): Promise<InstanceInfo[]> {
    return [...this.entries.values()].map((e) => ({ id: e.instance.id, sessionId: e.sessionId, state: stateOf(e) }));
  }

  async close() {
    await Promise.all([...this.entries.keys()].map((id) => this.remove(id)));
    rmSync(this.root, { recursive: true, force: true });
  }
}
