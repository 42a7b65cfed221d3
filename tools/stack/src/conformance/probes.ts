import { z } from 'zod';

/**
 * The one script the suite runs inside an instance (ConformanceTarget.exec: `node -e`) to check what a
 * driver's confinement claims: once per run, since each exec costs a process start inside the instance
 * (~1.5 s through `docker exec` on a loaded machine). It needs nothing but Node and prints one line of JSON.
 */
export interface Destination {
  name: string;
  host: string;
  port: number;
}

export const insideAnswer = z.object({
  /** The real uid of the agent's process (by the pid its /health reports). */
  uid: z.string().nullable(),
  /** What writing at the root of the filesystem gave: EROFS on a read-only root (checked before any permission). */
  rootWrite: z.string(),
  /** The instance's own limits, from cgroup v2 or v1 (null: unlimited or not visible). */
  memoryBytes: z.number().nullable(),
  pids: z.number().nullable(),
  /** Whether a TCP connection to each destination opened. */
  connections: z.array(z.object({ name: z.string(), open: z.boolean(), error: z.string().optional() })),
});
export type InsideAnswer = z.infer<typeof insideAnswer>;

export const lookInside = (agentPid: number, destinations: Destination[]) => `
const fs = require('node:fs');
const net = require('node:net');
const first = (paths) => { for (const p of paths) { try { return fs.readFileSync(p, 'utf8').trim(); } catch {} } return null; };
const number = (v) => (v === null || v === 'max' ? null : Number(v));
let rootWrite = 'written';
try { fs.writeFileSync('/.conformance-probe', 'x'); } catch (err) { rootWrite = String(err.code); }
const status = first(['/proc/${agentPid}/status']) ?? '';
const attempt = (d) => new Promise((resolve) => {
  const socket = net.connect({ host: d.host, port: d.port });
  const done = (open, error) => { socket.destroy(); resolve({ name: d.name, open, error }); };
  socket.setTimeout(3000, () => done(false, 'timeout'));
  socket.once('connect', () => done(true));
  socket.once('error', (err) => done(false, err.code));
});
Promise.all(${JSON.stringify(destinations)}.map(attempt)).then((connections) => console.log(JSON.stringify({
  uid: /^Uid:\\s+(\\d+)/m.exec(status)?.[1] ?? null,
  rootWrite,
  memoryBytes: number(first(['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes'])),
  pids: number(first(['/sys/fs/cgroup/pids.max', '/sys/fs/cgroup/pids/pids.max'])),
  connections,
})));`;

/** The last line the probe printed, checked (a driver's exec may print its own lines first). */
export function parseInside(out: string): InsideAnswer {
  const line = out.trim().split('\n').pop() ?? '';
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch {
    throw new Error(`the probe printed no answer: ${out.slice(-300) || '(nothing)'}`);
  }
  return insideAnswer.parse(json);
}
