import { JOB_OWNER, JOB_QUEUE, type JobMap, type JobName, jobOptions } from '@studio/contracts';
import type { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { runWithRequestId } from '../logging/request-context.js';
import { type FairLimits, FairShare } from './fair-share.js';

/** A payload for every job, with an owner where the job has one. */
const payload = (name: JobName) =>
  ({
    projectId: 'p',
    userId: 'u1',
    ownerId: 'u1',
    turnId: 't',
    exportId: 'e',
    deliveryId: 'd',
    uploadId: 'up',
    deploymentId: 'dp',
    remove: true,
    event: 'turn.completed',
    data: {},
  }) as unknown as JobMap[typeof name];

function setup(place: number) {
  const added: { name: string; opts: { priority?: number; jobId?: string } }[] = [];
  const queue = { qualifiedName: 'studio:q', add: async (name: string, _data: unknown, opts: { priority?: number }) => added.push({ name, opts }) } as unknown as Queue;
  const redis = { eval: async () => place, zrem: async () => 0 } as unknown as Redis;
  const limits = new Proxy({}, { get: () => 1 }) as FairLimits;
  return { fair: new FairShare(redis, limits), queue, added };
}

describe('FairShare.add (the one way jobs are added)', () => {
  it.each(Object.keys(JOB_QUEUE) as JobName[])('adds %s with its class priority and the queue’s options', async (name) => {
    const { fair, queue, added } = setup(4);
    await fair.add(queue, name, payload(name));
    const owned = (JOB_OWNER[name] as (d: unknown) => string | null)(payload(name)) !== null;
    expect(added).toHaveLength(1);
    expect(added[0].opts).toMatchObject(jobOptions(name, owned ? 4 : 0));
    expect(added[0].opts.priority).toBeGreaterThan(0);
  });
});

describe('FairShare.add and request ids', () => {
  function recording() {
    const data: unknown[] = [];
    const queue = { qualifiedName: 'studio:q', add: async (_name: string, d: unknown) => void data.push(d) } as unknown as Queue;
    const { fair } = setup(1);
    return { fair, queue, data };
  }

  it("puts the current request's id into the job's data", async () => {
    const { fair, queue, data } = recording();
    await runWithRequestId('req-1', () => fair.add(queue, 'export.build', { exportId: 'e', ownerId: 'u' }));
    expect(data).toEqual([{ exportId: 'e', ownerId: 'u', requestId: 'req-1' }]);
  });

  it("keeps the caller's own request id, and adds none outside a request", async () => {
    const { fair, queue, data } = recording();
    await runWithRequestId('req-1', () => fair.add(queue, 'preview.sync', { projectId: 'p', requestId: 'given' }));
    await fair.add(queue, 'preview.sync', { projectId: 'p' });
    expect(data).toEqual([{ projectId: 'p', requestId: 'given' }, { projectId: 'p' }]);
  });
});
