import { ShuttingDown } from '../turns/turn-run.js';
import { type QueueWorker, shutDownWorker } from './worker-shutdown.js';

/** A queue worker whose running jobs end when `finish()` is called (or at once when it has none). */
function fakeWorker(name: string, busy: boolean) {
  const calls: string[] = [];
  let finish: () => void = () => undefined;
  const idle = busy ? new Promise<void>((resolve) => (finish = resolve)) : Promise.resolve();
  const worker: QueueWorker = {
    name,
    pause: async () => {
      calls.push('pause');
      await idle;
    },
    close: async (force) => void calls.push(force ? 'close:force' : 'close'),
  };
  return { worker, calls, finish: () => finish() };
}

function deps(workers: QueueWorker[], graceMs: number, onAbort: () => void = () => undefined) {
  const events: string[] = [];
  const reasons: Error[] = [];
  return {
    events,
    reasons,
    deps: {
      draining: { begin: () => void events.push('draining') },
      workers,
      turns: {
        abortAll: (reason: Error) => {
          reasons.push(reason);
          onAbort();
          return 1;
        },
      },
      graceMs,
      log: (msg: string) => void events.push(msg),
    },
  };
}

describe('shutDownWorker', () => {
  it('jobs that end within the grace: draining begins, every queue stops taking jobs, nothing is aborted, queues close', async () => {
    const turns = fakeWorker('turns', true);
    const previews = fakeWorker('previews', false);
    const d = deps([turns.worker, previews.worker], 60_000);
    const done = shutDownWorker(d.deps);
    expect(d.events).toEqual(['draining']);
    expect(turns.calls).toEqual(['pause']);
    expect(previews.calls).toEqual(['pause']);
    turns.finish();
    await done;
    expect(d.reasons).toEqual([]);
    expect(turns.calls).toEqual(['pause', 'close']);
    expect(previews.calls).toEqual(['pause', 'close']);
  });

  it('past the grace: the running turns are aborted as shutting down (they hand themselves back), then the queues close', async () => {
    const turns = fakeWorker('turns', true);
    // The aborted turn hands itself back and its job ends.
    const d = deps([turns.worker], 10, () => turns.finish());
    await shutDownWorker(d.deps);
    expect(d.reasons).toHaveLength(1);
    expect(d.reasons[0]).toBeInstanceOf(ShuttingDown);
    expect(d.events).toEqual(['draining', 'grace of 10 ms over: 1 running turn(s) handed back to the queue']);
    expect(turns.calls).toEqual(['pause', 'close:force']);
  });
});
