import { createWriteStream } from 'node:fs';
import { jest } from '@jest/globals';
import { stats } from '../../tools/stack/src/bench/stats.js';
import { type ScaleStack, startScaleStack } from '../../tools/stack/src/scale/scale-stack.js';
import { inBatches, ScaleUser } from '../../tools/stack/src/scale/scale-user.js';
import { checkStore } from '../../tools/stack/src/scale/store-checks.js';
import { PREVIEW_RUNTIME, previewRequest, signInToPreview } from './support/previews.js';
import { reply, requestsOf, script } from './support/turns.js';

jest.setTimeout(300_000);

const N = Number(process.env.SCALE_USERS ?? 100);
const K = 3;
const PREVIEWS = 3;
const PATH = 'src/components/ScaleNote.tsx';
const say = (line: string) => process.stdout.write(`[scale-out] ${line}\n`);

/** Resolves once `check` holds (polled: the sockets' events arrive in this process). */
async function until(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Issue 22, "Scale-out, shown": 3 APIs and 3 workers behind Debian's nginx, isolated from the test stack's own
 * processes (a database, a Redis with an append-only file, a bucket and a preview label of their own; the
 * scripted model and the object store's server shared). N people each keep a socket through the balancer and
 * send two turns whose replies stream slowly; while the first wave streams one worker and one API are
 * SIGKILLed, while the second streams Redis is restarted. Then every promise is checked from the store and
 * from each client's log.
 */
describe(`scale-out: ${K} APIs × ${K} workers behind nginx, ${N} people, under faults`, () => {
  let stack: ScaleStack;
  const users: ScaleUser[] = [];
  const viewers: ScaleUser[] = [];
  // The cluster's output (nginx, Redis, the six apps), for a run that fails.
  const clusterLog = createWriteStream('test-artifacts/scale-out.log', { flags: 'w' });

  beforeAll(async () => {
    stack = await startScaleStack({
      k: K,
      base: process.env,
      tag: 'scale',
      log: (line) => clusterLog.write(`${line}\n`),
      // No render check (it loads each turn's page in Chromium: a preview-less project has none anyway), and
      // room for every person's turn at once across the three workers.
      extraEnv: { RENDER_CHECK: 'false', TURN_CONCURRENCY: '40' },
    });
  });
  afterAll(async () => {
    for (const u of [...users, ...viewers]) u.close();
    await stack?.stop();
    clusterLog.end();
  });

  it('every turn ends, no version is partial or twice, reconnected clients have every event once, previews survive', async () => {
    say(`N = ${N} people, each with one socket through nginx at ${stack.url}; APIs on ports ${stack.cluster.apis.map((a) => a.port).join(', ')}`);
    users.push(
      ...(await inBatches(Array.from({ length: N }), 8, async (_, i) => {
        const u = new ScaleUser(stack.url);
        await u.start(`scale-${i}`);
        return u;
      })),
    );

    // A few previews started before the faults.
    const previewUrls = await Promise.all(
      Array.from({ length: PREVIEWS }, async (_, i) => {
        const v = new ScaleUser(stack.url);
        viewers.push(v);
        await v.start(`viewer-${i}`);
        const started = await v.call<{ status: string; url: string }>('POST', `/api/projects/${v.projectId}/preview`);
        await until(() => [...v.events.values()].some((e) => e.name === 'preview:status' && e.payload.status === 'ready'), 120_000, `preview ${i} to be ready`);
        return started.url;
      }),
    );
    const previewAnswers = async () =>
      Promise.all(
        viewers.map(async (v) => {
          const { url } = await v.call<{ url: string }>('GET', `/api/projects/${v.projectId}/preview`);
          const { cookie, origin } = await signInToPreview(url);
          return (await previewRequest(`${origin}/`, { cookie })).status;
        }),
      );
    expect(previewUrls).toHaveLength(PREVIEWS);
    expect(await previewAnswers()).toEqual(viewers.map(() => 200));
    say(`${PREVIEWS} previews (${PREVIEW_RUNTIME} runtime) answer through the balancer`);

    // Each person's turn streams its reply in ~60 chunks 60 ms apart (~3.5 s): the faults land mid-stream.
    const wave = async (w: number) => {
      const scripted = await Promise.all(users.map((_, i) => script({ reply: reply(`Wave ${w}.`, { [PATH]: `export const ScaleNote = () => <p>${i}.${w}</p>;` }), chunkChars: 2, chunkDelayMs: 60 })));
      const turnIds = await Promise.all(users.map((u, i) => u.send(`Wave ${w} ${scripted[i].marker}`)));
      const streaming = () => users.filter((u, i) => [...u.events.values()].some((e) => e.name === 'chat:delta' && e.turnId === turnIds[i])).length;
      return { scripted, turnIds, streaming };
    };
    const settle = (turnIds: string[]) => Promise.all(users.map((u, i) => u.waitForOutcome(turnIds[i], 120_000)));

    const started = Date.now();
    const first = await wave(1);
    await until(() => first.streaming() >= N / 4, 60_000, 'a quarter of the turns to stream');
    await Promise.all([stack.cluster.kill('worker', 0), stack.cluster.kill('api', 1)]);
    // A delta stored just before the kill is still on its way to its client: counted once it arrived.
    await new Promise((r) => setTimeout(r, 500));
    const streamingAtKill = first.streaming();
    say(`SIGKILLed worker0 and api1 with ${streamingAtKill} of ${N} turns streaming`);
    await Promise.all([stack.cluster.restart('worker', 0), stack.cluster.restart('api', 1)]);
    const firstOutcomes = await settle(first.turnIds);

    const second = await wave(2);
    await until(() => second.streaming() >= N / 4, 60_000, 'a quarter of the second turns to stream');
    await stack.restartRedis();
    say(`restarted Redis with ${second.streaming()} of ${N} turns streaming`);
    const secondOutcomes = await settle(second.turnIds);
    const seconds = (Date.now() - started) / 1000;

    // Every turn ended, and the store holds each completed one exactly once.
    const report = await checkStore(stack.env, PATH);
    say(`turns: ${JSON.stringify(report.turnsByStatus)}; failed: ${JSON.stringify(report.failedCodes)}; ${report.versions} versions, ${report.blobsRead} blobs read back`);
    expect(report.problems).toEqual([]);
    expect(report.turnsByStatus.queued ?? 0).toBe(0);
    expect(report.turnsByStatus.running ?? 0).toBe(0);
    expect(report.turnsByStatus.completed).toBeGreaterThan(N);
    // The only failures are the killed worker's: TURN_INTERRUPTED, never half-committed.
    expect(Object.keys(report.failedCodes).filter((c) => c !== 'TURN_INTERRUPTED')).toEqual([]);
    // Only turns whose reply the person saw stream when their worker died may fail: one that showed nothing yet
    // runs again from the start. A Redis restart fails none (the worker running a turn beats in Postgres, so a
    // claim after BullMQ lost its lock leaves a live turn alone, and a job BullMQ failed as stalled is put back).
    const seenOf = (i: number) => [...users[i].events.values()].filter((e) => e.turnId === first.turnIds[i]);
    const failedFirst = users.map((_, i) => i).filter((i) => firstOutcomes[i].name !== 'turn:completed');
    expect(failedFirst.length).toBeLessThanOrEqual(streamingAtKill);
    expect(failedFirst.filter((i) => !seenOf(i).some((e) => e.name === 'chat:delta'))).toEqual([]);
    // The kill hit running turns: each either failed (above) or was handed back (`turn:queued` after its
    // `turn:started`) and completed when it ran again.
    const handedBack = users
      .map((_, i) => i)
      .filter((i) => {
        const started = seenOf(i).find((e) => e.name === 'turn:started');
        return Boolean(started && seenOf(i).some((e) => e.name === 'turn:queued' && e.seq > started.seq));
      });
    say(`the killed worker's turns: ${failedFirst.length} failed TURN_INTERRUPTED (their reply had streamed), ${handedBack.length} ran again from the start (nothing shown yet)`);
    expect(failedFirst.length + handedBack.length).toBeGreaterThan(0);
    expect(handedBack.filter((i) => firstOutcomes[i].name !== 'turn:completed')).toEqual([]);
    expect(secondOutcomes.filter((o) => o.name !== 'turn:completed').map((o) => o.name)).toEqual([]);

    // Every client that reconnected through the balancer and rejoined with afterSeq has each event of its project
    // exactly once (no gap, no duplicate); no client has a duplicate. The others' gaps are counted and printed:
    // they would be events published while Redis restarted that never reached a socket that stayed connected.
    const stored = await inBatches(users, 16, (u) => u.storedLog());
    let expected = 0;
    let delivered = 0;
    const broken: string[] = [];
    const gapsOfTheOthers: string[] = [];
    users.forEach((u, i) => {
      expected += stored[i].length;
      delivered += u.events.size + u.duplicates;
      const got = [...u.events.keys()].sort((a, b) => a - b);
      const whole = got.join() === stored[i].join();
      const line = `user ${i} (rejoined ${u.rejoins}×): ${u.duplicates} duplicates, got ${got.length} of ${stored[i].length}`;
      if (u.duplicates || (u.rejoins > 0 && !whole)) broken.push(line);
      else if (!whole) gapsOfTheOthers.push(line);
    });
    const reconnected = users.filter((u) => u.rejoins > 0).length;
    say(`events delivered ${delivered} vs expected ${expected}; ${reconnected} clients reconnected through the balancer and rejoined with afterSeq`);
    say(`clients that stayed connected and miss events: ${gapsOfTheOthers.length}${gapsOfTheOthers.length ? ` (${gapsOfTheOthers.slice(0, 3).join('; ')})` : ''}`);
    expect(broken).toEqual([]);
    expect(reconnected).toBeGreaterThan(0);

    // Figures: turns/s over the whole run; overhead = the model's last byte → turn:completed at the client.
    const overhead: number[] = [];
    for (const [wave, outcomes] of [
      [first, firstOutcomes],
      [second, secondOutcomes],
    ] as const) {
      await inBatches(outcomes, 16, async (o, i) => {
        if (o.name !== 'turn:completed') return;
        const last = (await requestsOf(wave.scripted[i].id)).at(-1)?.lastByteAt;
        if (last) overhead.push(o.at - last);
      });
    }
    const s = stats(overhead);
    say(`${((2 * N) / seconds).toFixed(2)} turns/s (${2 * N} turns in ${seconds.toFixed(1)} s, faults included); turn overhead p50 ${s.medianMs} ms, p95 ${s.p95Ms} ms (n=${s.n})`);

    // Previews started before the faults still answer after them.
    expect(await previewAnswers()).toEqual(viewers.map(() => 200));
  });
});
