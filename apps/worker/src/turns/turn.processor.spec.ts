import type { Env } from '@studio/config';
import type { JobMap } from '@studio/contracts';
import { DelayedError, type Job, type Queue } from 'bullmq';
import { fakeTurn } from './testing/turn-fakes.js';
import { TurnProcessor } from './turn.processor.js';

type Data = JobMap['turn.run'];

/** A failed `turn.run` job as BullMQ hands it to the 'failed' event, recording what the processor does to it. */
function failedJob(data: Partial<Data> = {}, attemptsMade = 1) {
  const calls: string[] = [];
  const job = {
    name: 'turn.run',
    id: 't1',
    attemptsMade,
    opts: { attempts: 2 },
    data: { turnId: 't1', projectId: 'p1', userId: 'u1', ...data } as Data,
    async updateData(next: Data) {
      calls.push(`updateData revived=${next.revived}`);
      job.data = next;
    },
    async retry(state: string, opts: { resetAttemptsMade?: boolean }) {
      calls.push(`retry ${state} reset=${opts.resetAttemptsMade}`);
    },
  };
  return { job: job as unknown as Job<Data>, calls };
}

function setup(pipeline: object = {}, claim: object = { kind: 'finished', status: 'completed' }) {
  const failed: string[] = [];
  const published: string[] = [];
  const store = {
    claim: async () => claim,
    waiting: async () => [],
    failInterrupted: async (turnId: string) => {
      failed.push(turnId);
      return true;
    },
    beat: async () => true,
  };
  const bus = { publish: async (_projectId: string, name: string) => void published.push(name) };
  const webhooks = { publish: () => undefined };
  const processor = new TurnProcessor(
    store as never,
    pipeline as never,
    {} as never,
    { getJob: async () => undefined } as unknown as Queue,
    bus as never,
    { TURN_CONCURRENCY: 1 } as Env,
    webhooks as never,
  );
  return { processor, failed, published };
}

const STALLED = new Error('job stalled more than allowable limit');

describe('TurnProcessor running a turn.run job', () => {
  it('puts the job of a recovered turn that was handed back (it showed nothing) back in the queue at once, not as an attempt', async () => {
    const recovered = fakeTurn({ lease: 2 });
    const pipeline = { recover: async () => 'handed-back' as const };
    const { processor } = setup(pipeline, { kind: 'recover', turn: recovered, lease: 2 });
    Object.assign(processor, { fair: { run: (_q: string, _j: Job, _t: string | undefined, fn: () => Promise<unknown>) => fn() } });
    const moved: string[] = [];
    const job = {
      name: 'turn.run',
      id: 't1',
      attemptsMade: 0,
      opts: {},
      data: { turnId: 't1', projectId: 'p1', userId: 'u1' },
      moveToDelayed: async (_at: number, token: string) => void moved.push(token),
    };
    await expect(processor.process(job as unknown as Job, 'lock-1')).rejects.toBeInstanceOf(DelayedError);
    expect(moved).toEqual(['lock-1']);
  });

  it('completes the job of a recovered turn that ended (landed or failed)', async () => {
    const pipeline = { recover: async () => 'ended' as const };
    const { processor } = setup(pipeline, { kind: 'recover', turn: fakeTurn({ lease: 2 }), lease: 2 });
    Object.assign(processor, { fair: { run: (_q: string, _j: Job, _t: string | undefined, fn: () => Promise<unknown>) => fn() } });
    const job = { name: 'turn.run', id: 't1', attemptsMade: 0, opts: {}, data: { turnId: 't1', projectId: 'p1', userId: 'u1' }, moveToDelayed: async () => undefined };
    expect(await processor.process(job as unknown as Job, 'lock-1')).toEqual({ status: 'done' });
  });
});

describe('TurnProcessor when BullMQ fails a turn job', () => {
  it('puts a stalled-out job back in line instead of failing its turn: the next claim decides', async () => {
    const { processor, failed, published } = setup();
    const { job, calls } = failedJob();
    await processor.onFailed(job, STALLED);
    expect(calls).toEqual(['updateData revived=1', 'retry failed reset=true']);
    expect(failed).toEqual([]);
    expect(published).toEqual([]);
  });

  it('fails the turn TURN_INTERRUPTED once the job was revived as often as allowed', async () => {
    const { processor, failed, published } = setup();
    const { job, calls } = failedJob({ revived: 5 });
    await processor.onFailed(job, STALLED);
    expect(calls).toEqual([]);
    expect(failed).toEqual(['t1']);
    expect(published).toEqual(['turn:failed']);
  });

  it('fails the turn when the job cannot be put back (it stays failed, for the admin)', async () => {
    const { processor, failed } = setup();
    const { job } = failedJob();
    Object.assign(job, {
      retry: async () => {
        throw new Error('Job t1 is not in the failed state');
      },
    });
    await processor.onFailed(job, STALLED);
    expect(failed).toEqual(['t1']);
  });

  it('fails the turn after its last attempt, and leaves an attempt with retries left to BullMQ', async () => {
    const { processor, failed } = setup();
    await processor.onFailed(failedJob({}, 1).job, new Error('connect ECONNREFUSED'));
    expect(failed).toEqual([]);
    await processor.onFailed(failedJob({}, 2).job, new Error('connect ECONNREFUSED'));
    expect(failed).toEqual(['t1']);
  });
});
