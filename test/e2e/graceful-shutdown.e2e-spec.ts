import { jest } from '@jest/globals';
import { type SignedUp, signUp } from './support/api.js';
import { ownStack } from './support/own-stack.js';
import { LANDING_HERO_PROPS, reply, requestsOf, script, send } from './support/turns.js';

jest.setTimeout(120_000);

const HERO = `export default function Hero(_props: ${LANDING_HERO_PROPS}) {\n  return <h1>Shut down gracefully</h1>;\n}`;

/**
 * A worker stopped with SIGTERM in the middle of a turn (docs/DEPLOYMENT.md "Shutdown and the grace a deployment
 * must allow"). As turn-crash.e2e-spec.ts: an API and workers of its own (a queue prefix of its own, the stack's
 * services), so the turn can only land on the worker the test starts, and stopping it touches no other test.
 */
describe('a worker stopped with SIGTERM mid-turn', () => {
  const stack = ownStack('drain');
  const startWorker = async (env: Record<string, string> = {}) => {
    const worker = stack.startWorker(env);
    await worker.waitForLine(/Worker started/);
    return worker;
  };
  const project = (user: SignedUp) => stack.project(user, 'Drain');

  it('within the grace: the turn completes on the stopping worker, which then exits 0', async () => {
    const user = await signUp('drain-short', stack.url);
    const { projectId, socket, log } = await project(user);
    const worker = await startWorker({ SHUTDOWN_GRACE_MS: '30000' });
    const s = await script({ reply: reply('Short.', { 'src/components/Hero.tsx': HERO }), chunkChars: 8, chunkDelayMs: 40 });
    const turnId = await send(socket, projectId, `Short ${s.marker}`);
    await log.waitFor((e) => e.name === 'chat:delta' && e.payload.turnId === turnId);

    await worker.stop();
    expect(await worker.exited).toBe(0);
    const done = await log.outcome(turnId);
    expect(done.name).toBe('turn:completed');
    expect(done.payload.version).toBe(2);
    expect(worker.output.some((l) => l.includes('handed back'))).toBe(false);
    expect(await requestsOf(s.id)).toHaveLength(1);
  });

  it('past a small grace: the turn goes back to queued, another worker runs it from the start, one new version, no TURN_INTERRUPTED', async () => {
    const user = await signUp('drain-long', stack.url);
    const { projectId, socket, log } = await project(user);
    const stopping = await startWorker({ SHUTDOWN_GRACE_MS: '300' });
    const answer = reply('Long.', { 'src/components/Hero.tsx': HERO });
    // The first run streams for ~10 s, far past the grace; the run from the start gets the same reply at once.
    const s = await script({ reply: answer, chunkChars: 2, chunkDelayMs: 50, then: [{ reply: answer }] });
    const turnId = await send(socket, projectId, `Long ${s.marker}`);
    await log.waitFor((e) => e.name === 'chat:delta' && e.payload.turnId === turnId);

    await stopping.stop();
    expect(await stopping.exited).toBe(0);
    await stopping.waitForLine(/handed back/, 1_000);
    const mineNow = () => log.events.filter((e) => e.payload?.turnId === turnId);
    // Its second turn:queued (the first came with chat:send), first in line.
    await log.waitFor(() => mineNow().filter((e) => e.name === 'turn:queued').length === 2, 5_000, 'turn:queued again');
    expect(
      mineNow()
        .filter((e) => e.name === 'turn:queued')
        .map((e) => e.payload.position),
    ).toEqual([0, 0]);
    expect((await user.client.get(`/api/turns/${turnId}`)).body.status).toBe('queued');
    expect((await user.client.get(`/api/projects/${projectId}`)).body.headVersion).toBe(1);

    await startWorker();
    const done = await log.outcome(turnId, 60_000);
    expect(done.name).toBe('turn:completed');
    expect(done.payload.version).toBe(2);
    // Queued, started, handed back (queued again), started from the start, ended once: completed.
    const mine = mineNow().map((e) => e.name);
    const lifecycle = mine.filter((n) => ['turn:queued', 'turn:started', 'turn:completed', 'turn:failed', 'turn:cancelled'].includes(n));
    expect(lifecycle).toEqual(['turn:queued', 'turn:started', 'turn:queued', 'turn:started', 'turn:completed']);
    expect(await requestsOf(s.id)).toHaveLength(2);
    const versions = (await user.client.get(`/api/projects/${projectId}/versions`)).body;
    expect(versions.map((v: { number: number; turnId?: string }) => [v.number, v.turnId ?? null])).toEqual([
      [2, turnId],
      [1, null],
    ]);
    expect((await user.client.get(`/api/turns/${turnId}`)).body).toMatchObject({ status: 'completed', version: 2 });
  });
});
