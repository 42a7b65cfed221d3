import { createServer, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { type AgentEvent, connectAgent, type FileBatch, type PreviewConfinement, type PreviewInstance, type PreviewRuntime } from '@studio/containers';
import WebSocket from 'ws';
import { z } from 'zod';
import type { ConformanceTarget } from './conformance-target.js';
import { type Destination, type InsideAnswer, lookInside, parseInside } from './probes.js';

/**
 * The PreviewRuntime contract (libs/containers/src/preview-runtime.ts) as checks any driver must pass, in the
 * order a preview lives: created, fed files through the agent protocol, served by Vite, paused and resumed,
 * stopped and restarted, listed, looked at from inside for what the driver claims, removed, closed. Driver
 * neutral: it sees the driver only through PreviewRuntime, the agent protocol, Vite's port and, for the
 * confinement claims, the target's exec (docs/DEPLOYMENT.md "The PreviewRuntime conformance suite").
 */
export type Status = 'passed' | 'failed' | 'not-claimed' | 'not-run';

export interface Outcome {
  name: string;
  status: Status;
  ms: number;
  detail?: string;
}

export interface ConformanceReport {
  target: string;
  kind: string | null;
  confinement: PreviewConfinement | null;
  outcomes: Outcome[];
  ms: number;
  passed: boolean;
}

/** A check's way to say the driver does not claim what it would check: reported, not failed. */
class NotClaimed {
  constructor(readonly reason: string) {}
}

const SESSION = 'conformance-session';
const MARK = (version: number) => `conformance-marker-v${version}`;
const mainJs = (version: number) => `export const marker = '${MARK(version)}';\ndocument.title = marker;\nif (import.meta.hot) import.meta.hot.accept();\n`;
const PROJECT: FileBatch = {
  version: 1,
  replace: true,
  writes: [
    { path: 'index.html', data: Buffer.from('<!doctype html><html><head><title>conformance</title></head><body><script type="module" src="/src/main.js"></script></body></html>\n') },
    { path: 'src/main.js', data: Buffer.from(mainJs(1)) },
  ],
};

/** What the checks share: the two drivers (this stack's and another's) and the instances made so far. */
class Run {
  runtime!: PreviewRuntime;
  otherStack!: PreviewRuntime;
  instance!: PreviewInstance;
  /** Another stack's instance (made by the list check). */
  other?: PreviewInstance;
  readonly made: { runtime: PreviewRuntime; id: string }[] = [];
  closed = false;
  private inside?: Promise<{ answer: InsideAnswer; hostAccepted: number }>;

  constructor(
    readonly target: ConformanceTarget,
    readonly stackId: string,
  ) {}

  /** What the instance sees from inside (probes.ts), looked at once for every confinement check. */
  lookInside(): Promise<{ answer: InsideAnswer; hostAccepted: number }> {
    this.inside ??= this.probe();
    return this.inside;
  }

  private async probe() {
    const exec = this.target.exec;
    if (!exec) throw new Error(`the driver claims it, and the target "${this.target.name}" gives no exec to look inside an instance`);
    const pid = (await connectAgent(this.instance).health(5000)).pid;
    check(pid !== undefined, 'the agent reports no pid');
    const listener = await listenEverywhere();
    try {
      const destinations: Destination[] = [
        { name: 'its own agent (the control: the probe works)', host: '127.0.0.1', port: this.instance.agentPort },
        { name: 'a public address', host: '1.1.1.1', port: 443 },
        { name: 'the cloud metadata address', host: '169.254.169.254', port: 80 },
        ...(this.other ? [{ name: "another stack's instance", host: this.other.host, port: this.other.agentPort }] : []),
        ...hostAddresses().map((host) => ({ name: `this host (${host})`, host, port: listener.port })),
      ];
      const answer = parseInside(await exec(this.instance.id, lookInside(pid, destinations)));
      return { answer, hostAccepted: listener.accepted() };
    } finally {
      listener.server.close();
    }
  }
}

function check(condition: boolean, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

/** A bound on a wait, so a driver that never answers fails the check instead of hanging the suite. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

async function served(instance: PreviewInstance, path: string): Promise<string> {
  const res = await fetch(`http://${instance.host}:${instance.vitePort}${path}`, { signal: AbortSignal.timeout(30_000) });
  const body = await res.text();
  check(res.ok, `Vite answered ${res.status} for ${path}: ${body.slice(0, 200)}`);
  return body;
}

async function servesVersion(instance: PreviewInstance, version: number) {
  const js = await served(instance, '/src/main.js');
  check(js.includes(MARK(version)), `Vite serves /src/main.js without ${MARK(version)}: ${js.slice(0, 200)}`);
}

/** Watches the agent's event stream (agent protocol /events) until `match`; `connected` once its hello arrived. */
function watchAgent(instance: PreviewInstance, match: (event: AgentEvent) => boolean) {
  const abort = new AbortController();
  let hello: () => void = () => undefined;
  const connected = new Promise<void>((resolve) => (hello = resolve));
  const found = (async () => {
    for await (const event of connectAgent(instance).events(abort.signal)) {
      if (event.type === 'hello') hello();
      else if (match(event)) return event;
    }
    throw new Error('the agent closed its event stream');
  })();
  found.catch(() => undefined);
  return { connected, found, close: () => abort.abort() };
}

/** Vite's HMR websocket, as a page's client opens it; resolves `update` with the first update message for `path`. */
async function openHmr(instance: PreviewInstance, path: string) {
  const ws = new WebSocket(`ws://${instance.host}:${instance.vitePort}/`, 'vite-hmr');
  const update = new Promise<void>((resolve) => {
    ws.on('message', (data) => {
      const message = z.object({ type: z.string(), updates: z.array(z.object({ path: z.string() })).optional() }).safeParse(JSON.parse(String(data)));
      if (message.success && message.data.type === 'update' && message.data.updates?.some((u) => u.path === path)) resolve();
    });
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { update, close: () => ws.close() };
}

const notFoundCode = async (call: () => Promise<unknown>, what: string) => {
  const outcome = await call().then(
    () => 'resolved',
    (err: unknown) => (err instanceof Error && err.name === 'PreviewRuntimeError' && 'code' in err ? String(err.code) : `${err instanceof Error ? err.name : 'a non-error'}: ${String(err)}`),
  );
  check(outcome === 'PREVIEW_NOT_FOUND', `${what} of a removed instance: expected a PreviewRuntimeError PREVIEW_NOT_FOUND, got ${outcome}`);
};

/** This machine's own addresses: the host a preview runs on must not be reachable from it. */
const hostAddresses = () =>
  Object.values(networkInterfaces())
    .flatMap((addrs) => addrs ?? [])
    .filter((a) => a.family === 'IPv4' && !a.internal)
    .map((a) => a.address);

async function listenEverywhere(): Promise<{ server: Server; port: number; accepted: () => number }> {
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '0.0.0.0', resolve));
  const address = server.address();
  check(typeof address === 'object' && address !== null, 'no listening address');
  return { server, port: address.port, accepted: () => accepted };
}

interface Check {
  name: string;
  /** Checks whose failure makes this one meaningless (not run). */
  needs: string[];
  run(run: Run): Promise<void | NotClaimed>;
}

const CHECKS: Check[] = [
  {
    name: 'prepare readies the driver',
    needs: [],
    async run(r) {
      r.runtime = await r.target.runtime(r.stackId);
      r.otherStack = await r.target.runtime(`${r.stackId}-other`);
      await r.runtime.prepare();
      await r.otherStack.prepare();
    },
  },
  {
    name: 'create resolves once the agent answers, and the instance is running',
    needs: ['prepare readies the driver'],
    async run(r) {
      r.instance = await r.runtime.create({ sessionId: SESSION, warm: false });
      r.made.push({ runtime: r.runtime, id: r.instance.id });
      // No retry: create's promise is that the agent answers now.
      await connectAgent(r.instance).health(5000);
      check((await r.runtime.state(r.instance.id)) === 'running', `state() says ${await r.runtime.state(r.instance.id)}, not running`);
    },
  },
  {
    name: 'files sent through the agent protocol are served by Vite',
    needs: ['create resolves once the agent answers, and the instance is running'],
    async run(r) {
      const answer = await connectAgent(r.instance).sync(PROJECT);
      check(answer.version === 1, `the agent answered version ${answer.version} for the batch of version 1`);
      const html = await served(r.instance, '/');
      check(html.includes('/src/main.js'), `Vite's page does not load /src/main.js: ${html.slice(0, 200)}`);
      await servesVersion(r.instance, 1);
    },
  },
  {
    name: 'a changed module reaches a connected page as a Vite HMR update, and the agent reports it',
    needs: ['files sent through the agent protocol are served by Vite'],
    async run(r) {
      const hmr = await openHmr(r.instance, '/src/main.js');
      const agent = watchAgent(r.instance, (e) => e.type === 'update' && e.paths.includes('/src/main.js'));
      try {
        await within(agent.connected, 10_000, "the agent's event stream");
        await connectAgent(r.instance).sync({ version: 2, writes: [{ path: 'src/main.js', data: Buffer.from(mainJs(2)) }] });
        await within(hmr.update, 30_000, 'an HMR update for /src/main.js on the page');
        await within(agent.found, 30_000, "the agent's update event for /src/main.js");
        await servesVersion(r.instance, 2);
      } finally {
        hmr.close();
        agent.close();
      }
    },
  },
  {
    name: 'pause freezes the instance; resume brings it back with its files',
    needs: ['files sent through the agent protocol are served by Vite'],
    async run(r) {
      await r.runtime.pause(r.instance.id);
      check((await r.runtime.state(r.instance.id)) === 'paused', `state() says ${await r.runtime.state(r.instance.id)} after pause`);
      // Frozen means no CPU: its agent cannot answer (an absence, so a slow machine cannot make this fail).
      const answered = await connectAgent(r.instance)
        .health(1500)
        .then(
          () => true,
          () => false,
        );
      check(!answered, 'the agent of a paused instance answered');
      check((await r.runtime.resume(r.instance.id)) === true, 'resume() of a paused instance did not say it was paused');
      check((await r.runtime.state(r.instance.id)) === 'running', `state() says ${await r.runtime.state(r.instance.id)} after resume`);
      // The worker thaws a preview recorded as paused without asking its state first: false sends it to ask.
      check((await r.runtime.resume(r.instance.id)) === false, 'resume() of a running instance said it was paused');
      const health = await connectAgent(r.instance).health(5000);
      check(health.version === 2, `after resume the agent serves version ${health.version}, not 2`);
      await servesVersion(r.instance, 2);
    },
  },
  {
    name: 'stop keeps the work directory; restart brings the instance back (its address may change)',
    needs: ['files sent through the agent protocol are served by Vite'],
    async run(r) {
      await r.runtime.stop(r.instance.id);
      check((await r.runtime.state(r.instance.id)) === 'stopped', `state() says ${await r.runtime.state(r.instance.id)} after stop`);
      const listed = (await r.runtime.list()).find((i) => i.id === r.instance.id);
      check(listed?.state === 'stopped', `list() shows the stopped instance as ${listed?.state ?? 'absent'}`);
      r.instance = await r.runtime.restart(r.instance.id);
      check((await r.runtime.state(r.instance.id)) === 'running', `state() says ${await r.runtime.state(r.instance.id)} after restart`);
      // An empty batch starts Vite over what the work directory kept: nothing is sent again.
      await connectAgent(r.instance).sync({ version: 2, writes: [] });
      await servesVersion(r.instance, 2);
    },
  },
  {
    name: "list returns this stack's instances by label, never another stack's",
    needs: ['create resolves once the agent answers, and the instance is running'],
    async run(r) {
      const other = await r.otherStack.create({ sessionId: `${SESSION}-other`, warm: false });
      r.other = other;
      r.made.push({ runtime: r.otherStack, id: other.id });
      const mine = await r.runtime.list();
      const own = mine.find((i) => i.id === r.instance.id);
      check(own?.sessionId === SESSION && own.state === 'running', `list() shows this stack's instance as ${JSON.stringify(own ?? null)}`);
      check(!mine.some((i) => i.id === other.id), "list() includes another stack's instance");
      const theirs = await r.otherStack.list();
      check(theirs.some((i) => i.id === other.id) && !theirs.some((i) => i.id === r.instance.id), `the other stack's list() is ${JSON.stringify(theirs.map((i) => i.id))}`);
    },
  },
  {
    name: 'confinement: the instance runs as a user other than root',
    needs: ['create resolves once the agent answers, and the instance is running'],
    async run(r) {
      if (!r.runtime.confinement.nonRoot) return new NotClaimed('nonRoot: false');
      const { uid } = (await r.lookInside()).answer;
      check(uid !== null && uid !== '0', `the agent runs as uid ${uid}`);
    },
  },
  {
    name: 'confinement: the root filesystem is read-only',
    needs: ['create resolves once the agent answers, and the instance is running'],
    async run(r) {
      if (!r.runtime.confinement.readOnlyRoot) return new NotClaimed('readOnlyRoot: false');
      const { rootWrite } = (await r.lookInside()).answer;
      check(rootWrite === 'EROFS', `writing at / gave ${rootWrite}, not EROFS`);
    },
  },
  {
    name: 'confinement: memory and pids are limited as declared',
    needs: ['create resolves once the agent answers, and the instance is running'],
    async run(r) {
      const limits = r.runtime.confinement.limits;
      if (!limits) return new NotClaimed('limits: null');
      const seen = (await r.lookInside()).answer;
      check(seen.memoryBytes === limits.memoryMb * 1024 * 1024, `memory limit inside: ${seen.memoryBytes} bytes, declared ${limits.memoryMb} MB`);
      check(seen.pids === limits.pids, `pids limit inside: ${seen.pids}, declared ${limits.pids}`);
    },
  },
  {
    name: 'confinement: no egress (internet, metadata address, this host, another instance)',
    needs: ['create resolves once the agent answers, and the instance is running', "list returns this stack's instances by label, never another stack's"],
    async run(r) {
      if (!r.runtime.confinement.noEgress) return new NotClaimed('noEgress: false');
      const { answer, hostAccepted } = await r.lookInside();
      const [control, ...denied] = answer.connections;
      check(control?.open === true, `the probe could not reach its own agent (${control?.error}): it proves nothing`);
      const reached = denied.filter((d) => d.open);
      check(reached.length === 0 && hostAccepted === 0, `the instance reached ${reached.map((d) => d.name).join(', ') || 'this host'}`);
    },
  },
  {
    name: 'remove makes the instance gone; removing again is harmless',
    needs: ['create resolves once the agent answers, and the instance is running'],
    async run(r) {
      await r.runtime.remove(r.instance.id);
      check((await r.runtime.state(r.instance.id)) === 'missing', `state() says ${await r.runtime.state(r.instance.id)} after remove`);
      check(!(await r.runtime.list()).some((i) => i.id === r.instance.id), 'list() still shows the removed instance');
      await r.runtime.remove(r.instance.id);
      await r.runtime.stop(r.instance.id);
    },
  },
  {
    name: 'pause, resume and restart of a removed instance reject with PREVIEW_NOT_FOUND',
    needs: ['remove makes the instance gone; removing again is harmless'],
    async run(r) {
      await notFoundCode(() => r.runtime.pause(r.instance.id), 'pause');
      await notFoundCode(() => r.runtime.resume(r.instance.id), 'resume');
      await notFoundCode(() => r.runtime.restart(r.instance.id), 'restart');
    },
  },
  {
    name: 'close resolves',
    needs: ['prepare readies the driver'],
    async run(r) {
      await cleanUp(r);
      r.closed = true;
      await r.runtime.close();
      await r.otherStack.close();
    },
  },
];

/** Removes every instance the suite made, whatever happened: it must leave nothing behind. */
async function cleanUp(r: Run) {
  for (const { runtime, id } of r.made.splice(0)) await runtime.remove(id).catch(() => undefined);
}

export const CHECK_NAMES = CHECKS.map((c) => c.name);
export const CONFINEMENT_CHECKS = CHECK_NAMES.filter((n) => n.startsWith('confinement:'));

/** Runs every check in order against the target; never throws for a driver's failure (it is in the report). */
export async function runConformance(target: ConformanceTarget, stackId: string, onOutcome: (o: Outcome) => void = () => undefined): Promise<ConformanceReport> {
  const started = performance.now();
  const run = new Run(target, stackId);
  const outcomes: Outcome[] = [];
  try {
    for (const c of CHECKS) {
      const blocked = c.needs.find((n) => outcomes.find((o) => o.name === n)?.status !== 'passed');
      const t = performance.now();
      let outcome: Outcome;
      if (blocked) outcome = { name: c.name, status: 'not-run', ms: 0, detail: `needs "${blocked}"` };
      else {
        try {
          const result = await c.run(run);
          outcome = result instanceof NotClaimed ? { name: c.name, status: 'not-claimed', ms: 0, detail: result.reason } : { name: c.name, status: 'passed', ms: performance.now() - t };
        } catch (err) {
          outcome = { name: c.name, status: 'failed', ms: performance.now() - t, detail: err instanceof Error ? err.message : String(err) };
        }
      }
      outcomes.push(outcome);
      onOutcome(outcome);
    }
  } finally {
    await cleanUp(run);
    if (!run.closed) await Promise.allSettled([run.runtime?.close(), run.otherStack?.close()]);
  }
  return {
    target: target.name,
    kind: run.runtime?.kind ?? null,
    confinement: run.runtime?.confinement ?? null,
    outcomes,
    ms: performance.now() - started,
    passed: outcomes.every((o) => o.status === 'passed' || o.status === 'not-claimed'),
  };
}
