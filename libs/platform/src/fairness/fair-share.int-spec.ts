import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { type ConnectionOptions, type Job, Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { redisOptions } from '../redis.js';
import { type FairLimits, FairShare } from './fair-share.js';

/**
 * Against the test stack's real Redis and real BullMQ queues and workers (own prefix each test): the order
 * jobs of several users run in, and the per-user running limit across two worker processes' worth of workers.
 */
jest.setTimeout(30_000);
let redis: Redis;
beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL!);
});
afterAll(() => redis.quit());

const connection = () => ({ ...redisOptions(process.env.REDIS_URL!), maxRetriesPerRequest: null }) as ConnectionOptions;
const limits = (exports: number): FairLimits => ({ maintenance: 99, turns: 99, previews: 99, webhooks: 99, assets: 99, sites: 99, exports });
const exportJob = (ownerId: string) => ({ exportId: randomUUID(), ownerId });

async function withQueue(test: (queue: Queue, prefix: string) => Promise<void>) {
  const prefix = `fair-${randomUUID().slice(0, 8)}`;
  const queue = new Queue('exports', { connection: connection(), prefix });
  try {
    await test(queue, prefix);
  } finally {
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
  }
}

/** A worker of the queue running `work` for each job through FairShare, as the app's processors do. */
function worker(prefix: string, fair: FairShare, concurrency: number, work: (job: Job) => Promise<void>) {
  return new Worker('exports', (job, token) => fair.run('exports', job, token, () => work(job)), { connection: connection(), prefix, concurrency });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('FairShare', () => {
  it("puts a user's first job ahead of another user's backlog (plain FIFO would run it last)", async () => {
    await withQueue(async (queue, prefix) => {
      const fair = new FairShare(redis, limits(99));
      for (let i = 0; i < 8; i++) await fair.add(queue, 'export.build', exportJob('flooder'));
      await fair.add(queue, 'export.build', exportJob('other'));
      const order: string[] = [];
      const w = worker(prefix, fair, 1, async (job) => {
        order.push(job.data.ownerId);
      });
      try {
        await waitFor(() => order.length === 9);
      } finally {
        await w.close();
      }
      // The flooder's first job and the other user's only job share priority 1, so they run first, in arrival order.
      expect(order.slice(0, 2)).toEqual(['flooder', 'other']);
      expect(order.slice(2)).toEqual(Array(7).fill('flooder'));
    });
  });

  it("keeps one user's own jobs in the order they were added", async () => {
    await withQueue(async (queue, prefix) => {
      const fair = new FairShare(redis, limits(99));
      const ids = Array.from({ length: 6 }, () => randomUUID());
      for (const exportId of ids.slice(0, 3)) await fair.add(queue, 'export.build', { exportId, ownerId: 'u' });
      const seen: string[] = [];
      const w = worker(prefix, fair, 1, async (job) => {
        seen.push(job.data.exportId);
        await sleep(200);
      });
      try {
        // Added while two of the first three still wait: they keep their place behind them.
        await waitFor(() => seen.length >= 1);
        expect(seen.length).toBeLessThan(3);
        for (const exportId of ids.slice(3)) await fair.add(queue, 'export.build', { exportId, ownerId: 'u' });
        await waitFor(() => seen.length === 6);
      } finally {
        await w.close();
      }
      expect(seen).toEqual(ids);
    });
  });

  it('runs at most the limit of one user at once across workers, and leaves the other slots to other users', async () => {
    await withQueue(async (queue, prefix) => {
      const fair = new FairShare(redis, limits(1));
      const running = new Map<string, number>();
      const most = new Map<string, number>();
      const started: string[] = [];
      const work = async (job: Job) => {
        const owner = job.data.ownerId as string;
        started.push(owner);
        running.set(owner, (running.get(owner) ?? 0) + 1);
        most.set(owner, Math.max(most.get(owner) ?? 0, running.get(owner)!));
        await sleep(300);
        running.set(owner, running.get(owner)! - 1);
      };
      // Two workers (two processes' worth), two slots each.
      const workers = [worker(prefix, fair, 2, work), worker(prefix, fair, 2, work)];
      try {
        for (let i = 0; i < 6; i++) await fair.add(queue, 'export.build', exportJob('flooder'));
        await waitFor(() => started.length >= 1);
        await fair.add(queue, 'export.build', exportJob('other'));
        await waitFor(() => started.length === 7, 20_000);
      } finally {
        await Promise.all(workers.map((w) => w.close()));
      }
      expect(most.get('flooder')).toBe(1);
      // The other user's job did not wait for the flooder's backlog: it started while most of it was still waiting.
      expect(started.indexOf('other')).toBeLessThanOrEqual(2);
      // Nothing is left counted as running, and the lines are empty.
      expect(await redis.scard(`${prefix}:exports:fair:running:flooder`)).toBe(0);
      expect(await redis.zcard(`${prefix}:exports:fair:line:flooder`)).toBe(0);
    });
  });

  it("does not count a job whose worker died: its lock expired, so its owner's slot is free again", async () => {
    await withQueue(async (queue, prefix) => {
      const fair = new FairShare(redis, limits(1));
      // A running entry whose job holds no lock (its worker is gone).
      await redis.sadd(`${prefix}:exports:fair:running:u`, 'ghost');
      const ran: string[] = [];
      const w = worker(prefix, fair, 1, async (job) => {
        ran.push(job.data.exportId);
      });
      try {
        await fair.add(queue, 'export.build', { exportId: 'real', ownerId: 'u' });
        await waitFor(() => ran.length === 1, 5_000);
      } finally {
        await w.close();
      }
      expect(await redis.sismember(`${prefix}:exports:fair:running:u`, 'ghost')).toBe(0);
    });
  });
});

async function waitFor(done: () => boolean, timeoutMs = 10_000) {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error('timed out waiting for the jobs');
    await sleep(20);
  }
}
