import { jest } from '@jest/globals';
import { type SignedUp, signUp } from './support/api.js';
import { ownStack } from './support/own-stack.js';
import { LANDING_HERO_PROPS, reply, script, send } from './support/turns.js';

jest.setTimeout(120_000);

const HERO = `export default function Hero(_props: ${LANDING_HERO_PROPS}) {\n  return <h1>After the crash</h1>;\n}`;

/**
 * A worker killed with SIGKILL in the middle of a turn. These tests run their own API and worker processes
 * (a queue prefix of their own, the stack's Postgres, Redis, S3 and scripted model) so they can kill the
 * worker without touching the one the other tests use.
 */
describe('a worker killed mid-turn', () => {
  const stack = ownStack('crash');
  const startWorker = (failpoints = '') => stack.startWorker({ STUDIO_FAILPOINTS: failpoints });
  const project = (user: SignedUp) => stack.project(user, 'Crash');

  it('mid-stream: the project stays at its version and the turn fails with TURN_INTERRUPTED after the restart; the next turn works', async () => {
    const user = await signUp('crash-stream', stack.url);
    const { projectId, socket, log } = await project(user);
    const first = startWorker();
    await first.waitForLine(/Worker started/);
    const s = await script({ reply: reply('Slowly.', { 'src/components/Hero.tsx': HERO }), chunkChars: 2, chunkDelayMs: 50 });
    const turnId = await send(socket, projectId, `Slow ${s.marker}`);
    await log.waitFor((e) => e.name === 'chat:delta' && e.payload.turnId === turnId);
    await first.kill();

    const second = startWorker();
    const done = await log.outcome(turnId, 60_000);
    expect(done.name).toBe('turn:failed');
    expect(done.payload.error.code).toBe('TURN_INTERRUPTED');
    expect((await user.client.get(`/api/projects/${projectId}`)).body.headVersion).toBe(1);
    expect((await user.client.get(`/api/projects/${projectId}/versions`)).body).toHaveLength(1);
    expect((await user.client.get(`/api/turns/${turnId}`)).body).toMatchObject({ status: 'failed', error: { code: 'TURN_INTERRUPTED' } });

    const next = await script({ reply: reply('Again.', { 'src/components/Hero.tsx': HERO }) });
    const again = await send(socket, projectId, `Again ${next.marker}`);
    expect((await log.outcome(again)).payload.version).toBe(2);
    await second.stop();
  });

  it('mid-commit: the project stays at a complete version, and after the restart the turn completes with exactly one commit', async () => {
    const user = await signUp('crash-commit', stack.url);
    const { projectId, socket, log } = await project(user);
    const first = startWorker('turn.commit');
    await first.waitForLine(/Worker started/);
    const s = await script({ reply: reply('Committed once.', { 'src/components/Hero.tsx': HERO }) });
    const turnId = await send(socket, projectId, `Commit ${s.marker}`);
    await first.waitForLine(/FAILPOINT turn.commit reached/);
    await first.kill();
    // The transaction died with the process: nothing of it is visible.
    expect((await user.client.get(`/api/projects/${projectId}`)).body.headVersion).toBe(1);

    const second = startWorker();
    const done = await log.outcome(turnId, 60_000);
    expect(done.name).toBe('turn:completed');
    expect(done.payload.version).toBe(2);
    const versions = (await user.client.get(`/api/projects/${projectId}/versions`)).body;
    expect(versions.map((v: { number: number; turnId?: string }) => [v.number, v.turnId ?? null])).toEqual([
      [2, turnId],
      [1, null],
    ]);
    const hero = await user.client.get(`/api/projects/${projectId}/files/raw?path=src/components/Hero.tsx`);
    expect(String(hero.body)).toBe(`${HERO}\n`);
    expect((await user.client.get(`/api/turns/${turnId}`)).body).toMatchObject({ status: 'completed', version: 2 });
    await second.stop();
  });
});
