import { existsSync } from 'node:fs';
import { startChild } from '../child.js';
import { StackError } from '../log.js';
import { freePort } from '../ports.js';
import { waitForHealth } from '../stack.js';

type Child = ReturnType<typeof startChild>;
export type Role = 'api' | 'worker';

const ENTRY: Record<Role, string> = { api: 'apps/api/dist/main.js', worker: 'apps/worker/dist/main.js' };

/** One API or worker process of a cluster; `port` is the API's (0 for a worker). */
export interface Member {
  role: Role;
  index: number;
  port: number;
  child: Child;
  /** Resolves when the process says it is up (a worker's `Worker started` line; an API's /health is polled). */
  started: Promise<void>;
}

// Six Node processes booting at once on a loaded 2-core machine have taken over two minutes.
const BOOT_TIMEOUT_MS = 240_000;

/**
 * K built APIs (each on a free port) and K built workers with one environment, as `startApps` starts one of
 * each, for the scale-out test and benchmark B10. Any member can be SIGKILLed (a machine losing power: no
 * shutdown hooks) and started again on the same port. The apps' own HTTP ports of the environment are
 * overridden: a second API must not take the site host's or a worker's metrics port.
 */
export class Cluster {
  readonly apis: Member[] = [];
  readonly workers: Member[] = [];
  private stopping = false;

  private constructor(
    private readonly env: Record<string, string>,
    private readonly log: (line: string) => void,
  ) {}

  static async start(k: number, env: Record<string, string>, log: (line: string) => void): Promise<Cluster> {
    for (const entry of Object.values(ENTRY)) if (!existsSync(entry)) throw new StackError(`${entry} is missing: build first (./studio does this for you).`);
    const cluster = new Cluster(env, log);
    try {
      for (let i = 0; i < k; i++) cluster.apis.push(cluster.spawn('api', i, await freePort()));
      for (let i = 0; i < k; i++) cluster.workers.push(cluster.spawn('worker', i, 0));
      await Promise.all([...cluster.apis, ...cluster.workers].map((m) => m.started));
    } catch (err) {
      await cluster.stop();
      throw err;
    }
    return cluster;
  }

  private spawn(role: Role, index: number, port: number): Member {
    const label = `${role}${index}`;
    const env = { ...this.env, SITES_PORT: '0', WORKER_METRICS_PORT: '0', WORKER_HEALTH_PORT: '0', ...(role === 'api' ? { PORT: String(port) } : {}) };
    let workerUp!: () => void;
    const workerStarted = new Promise<void>((r) => (workerUp = r));
    const child = startChild(process.execPath, ['--enable-source-maps', ENTRY[role]], {
      label,
      env: { ...process.env, ...env },
      sink: (line) => {
        if (line.includes('Worker started')) workerUp();
        this.log(line);
      },
      onUnexpectedExit: (code, signal) => {
        if (!this.stopping) this.log(`${label} | exited (code ${code}, signal ${signal})`);
      },
    });
    const up = role === 'api' ? waitForHealth(`http://127.0.0.1:${port}`, BOOT_TIMEOUT_MS) : withTimeout(workerStarted, BOOT_TIMEOUT_MS, `${label} did not log "Worker started"`);
    const started = Promise.race([up.then(() => 'up' as const), child.exited.then(() => 'exited' as const)]).then((how) => {
      if (how === 'exited') throw new StackError(`${label} exited (code ${child.process.exitCode}) before it was up`);
    });
    return { role, index, port, child, started };
  }

  /** SIGKILL, and waits until the process is gone. */
  async kill(role: Role, index: number): Promise<void> {
    const member = this.members(role)[index];
    member.child.process.kill('SIGKILL');
    await member.child.exited;
  }

  /** Starts a killed member again (an API on its old port, so the balancer finds it) and waits until it is up. */
  async restart(role: Role, index: number): Promise<void> {
    const list = this.members(role);
    const old = list[index];
    if (old.child.process.exitCode === null && old.child.process.signalCode === null) throw new StackError(`${role}${index} is still running`);
    list[index] = this.spawn(role, index, old.port);
    await list[index].started;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    // The APIs first: nothing new is queued while the workers finish.
    await Promise.all(this.apis.map((m) => m.child.stop()));
    await Promise.all(this.workers.map((m) => m.child.stop()));
  }

  private members(role: Role): Member[] {
    return role === 'api' ? this.apis : this.workers;
  }
}

function withTimeout(promise: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<void>((_, reject) => (timer = setTimeout(() => reject(new StackError(message)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
