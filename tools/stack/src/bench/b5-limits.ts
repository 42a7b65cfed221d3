import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Env } from '@studio/config';
import { createDataSource, DbScope, enqueueBudget, scopeConnections, TurnsRepository } from '@studio/data';
import { io, type Socket } from 'socket.io-client';
import { PER_PROJECT, PROJECTS_PER_USER, SOCKETS } from './b5-gateway.js';
import { type Stats, stats } from './stats.js';

/** What B5's burst cannot beat on this machine, measured in the same run (issue 23). */
export interface GatewayLimits {
  /** The API's pool size, which the floor's data source has too. */
  poolSize: number;
  /** The database's own time for the statements a send needs, 500 at once: until all are done, and per call. */
  db: { allDoneMs: number; perCall: Stats };
  /** A bare Socket.IO server's ack, 500 clients emitting at once. */
  bareAck: Stats;
  /** bare-ack p99 + DB floor time-to-all-done: the burst's p99 cannot be lower than either part. */
  limitMs: number;
}

type LimitEnv = Pick<Env, 'DB_POOL_SIZE' | 'TURNS_MAX_WAITING' | 'USER_MONTHLY_BUDGET_USD'>;

export async function measureGatewayLimits(databaseUrl: string, env: LimitEnv): Promise<GatewayLimits> {
  const db = await databaseFloor(databaseUrl, env);
  const bareAck = await bareSocketIoAck();
  return { poolSize: env.DB_POOL_SIZE, db, bareAck, limitMs: Math.round((bareAck.p99Ms + db.allDoneMs) * 100) / 100 };
}

/** The DB floor's time-to-all-done at other pool sizes, to judge the API's pool against this machine's cores. */
export async function databaseFloorByPool(databaseUrl: string, env: LimitEnv, poolSizes: number[]): Promise<{ poolSize: number; allDoneMs: number }[]> {
  const sweep: { poolSize: number; allDoneMs: number }[] = [];
  for (const poolSize of poolSizes) sweep.push({ poolSize, allDoneMs: (await databaseFloor(databaseUrl, { ...env, DB_POOL_SIZE: poolSize })).allDoneMs });
  return sweep;
}

/**
 * The real TurnsRepository.enqueue under DbScope.asUser, on a data source like the API's (its pool size, the
 * policy-bound role and a scope switch per checkout), 500 at once on fresh projects shaped like B5's: 5 sends
 * per project, 5 projects per person. Nothing else runs in this process meanwhile, so this is the database's
 * rate plus node-postgres's, not the API's.
 */
async function databaseFloor(url: string, env: LimitEnv): Promise<GatewayLimits['db']> {
  const owner = createDataSource(url, { poolSize: 2, applicationName: 'bench-b5-floor-seed' });
  const api = createDataSource(url, { poolSize: env.DB_POOL_SIZE, applicationName: 'bench-b5-floor' });
  await Promise.all([owner.initialize(), api.initialize()]);
  scopeConnections(api);
  const projects = Math.ceil(SOCKETS / PER_PROJECT);
  const users: string[] = [];
  try {
    const people: { id: string }[] = await owner.query(
      `INSERT INTO users (email, password_hash) SELECT 'b5-floor-' || g || '-' || $1 || '@bench.test', 'h' FROM generate_series(1, $2) g RETURNING id`,
      [randomUUID(), Math.ceil((projects + 1) / PROJECTS_PER_USER)],
    );
    users.push(...people.map((p) => p.id));
    // One more project than sends need: the warm-up's, so the measured projects are all fresh.
    const made: { id: string; owner_id: string }[] = await owner.query(
      `INSERT INTO projects (owner_id, name, template_id) SELECT ($1::uuid[])[1 + (g / $2)], 'B5 floor ' || g, 'blank' FROM generate_series(0, $3) g RETURNING id, owner_id`,
      [users, PROJECTS_PER_USER, projects],
    );
    const [warm, ...fresh] = made;
    const repo = new TurnsRepository(api);
    // As TurnsService sends (apps/api budgetCheck): the budget's early refusal is part of the statement.
    const budget = enqueueBudget(env.USER_MONTHLY_BUDGET_USD);
    const enqueue = (userId: string, projectId: string, message: string) => DbScope.asUser(userId, () => repo.enqueue(projectId, userId, message, null, env.TURNS_MAX_WAITING, [], budget));
    // Warm like the API's pool is: every connection open, the statements planned once.
    await Promise.all(Array.from({ length: env.DB_POOL_SIZE }, () => api.query('SELECT 1')));
    await enqueue(warm.owner_id, warm.id, 'warm-up');

    const perCall: number[] = [];
    const started = performance.now();
    await Promise.all(
      Array.from({ length: SOCKETS }, async (_, i) => {
        const project = fresh[Math.floor(i / PER_PROJECT)];
        const t = performance.now();
        const queued = await enqueue(project.owner_id, project.id, `B5 floor ${i}`);
        perCall.push(performance.now() - t);
        if (queued.kind !== 'queued') throw new Error(`B5 floor: enqueue answered ${queued.kind}`);
      }),
    );
    return { allDoneMs: Math.round((performance.now() - started) * 100) / 100, perCall: stats(perCall) };
  } finally {
    // Their turns have no jobs: gone with their people (cascade), before anything else looks at queued turns.
    if (users.length) await owner.query(`DELETE FROM users WHERE id = ANY($1::uuid[])`, [users]);
    await Promise.all([owner.destroy(), api.destroy()]);
  }
}

/**
 * Node's bare Socket.IO ack: b5-bare-server.js in a child process, 500 clients of this process (as B5's are)
 * connected and warmed with one ack each, then every one emits `chat:send` at once.
 */
async function bareSocketIoAck(): Promise<Stats> {
  const child = fork(fileURLToPath(new URL('./b5-bare-server.js', import.meta.url)), [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const sockets: Socket[] = [];
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.once('message', (m: { port: number }) => resolve(m.port));
      child.once('exit', (code) => reject(new Error(`B5 bare server exited (${code})`)));
    });
    const url = `http://127.0.0.1:${port}`;
    for (let i = 0; i < SOCKETS; i++) {
      sockets.push(io(url, { transports: ['websocket'], reconnection: false, forceNew: true }));
    }
    await Promise.all(sockets.map((s) => new Promise((resolve, reject) => (s.connected ? resolve(null) : s.once('connect', () => resolve(null)).once('connect_error', reject)))));
    const body = (i: number) => ({ projectId: randomUUID(), message: `B5 bare ${i}` });
    await Promise.all(sockets.map((s, i) => s.timeout(10_000).emitWithAck('chat:send', body(i))));
    const acks: number[] = [];
    await Promise.all(
      sockets.map(async (s, i) => {
        const t = performance.now();
        await s.timeout(30_000).emitWithAck('chat:send', body(i));
        acks.push(performance.now() - t);
      }),
    );
    return stats(acks);
  } finally {
    for (const s of sockets) s.close();
    child.kill();
  }
}
