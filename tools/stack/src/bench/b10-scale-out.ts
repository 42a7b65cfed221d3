import { say } from '../log.js';
import { startScaleStack } from '../scale/scale-stack.js';
import { inBatches, ScaleUser } from '../scale/scale-user.js';
import { registerScenario, scenarioRequests } from './bench-client.js';
import { type Row, type Stats, stats } from './stats.js';

const USERS = Number(process.env.BENCH_B10_USERS ?? 60);
const TURNS = Number(process.env.BENCH_B10_TURNS ?? 4);

interface Shape {
  processes: string;
  turns: number;
  completed: number;
  seconds: number;
  turnsPerSecond: number;
  overhead: Stats;
  /** Sockets whose log, compared with the stored one, had a gap or a duplicate. */
  socketsWithAGapOrDuplicate: number;
}

/**
 * B10: the same load on 1 API × 1 worker and on 3 × 3, each behind nginx with a database, a Redis and a
 * bucket of its own (tools/stack/src/scale), in the same run. USERS people each send TURNS turns one after
 * another through their socket; the scripted model answers at once with one small file. Measured: turns/s
 * from the first send to the last outcome, and each turn's overhead (the model's last byte →
 * `turn:completed` at the client). Each worker may run every turn at once (TURN_CONCURRENCY = USERS), so the
 * limit is the machine: on 2 cores more processes share the same CPUs, and the ratio shows the cost of
 * spreading out (Redis fan-out, more connections and processes), not a speed-up.
 */
export async function benchScaleOut(base: Record<string, string | undefined>, modelUrl: string, log: (line: string) => void): Promise<{ rows: Row[]; shapes: Shape[] }> {
  const shapes: Shape[] = [];
  for (const k of [1, 3]) {
    const stack = await startScaleStack({ k, base, tag: `b10-${k}x${k}`, log, extraEnv: { RENDER_CHECK: 'false', TURN_CONCURRENCY: String(USERS) } });
    const users: ScaleUser[] = [];
    try {
      users.push(
        ...(await inBatches(Array.from({ length: USERS }), 8, async (_, i) => {
          const u = new ScaleUser(stack.url);
          await u.start(`b10-${k}-${i}`);
          return u;
        })),
      );
      const run = `b10-${k}-${Date.now()}`;
      const markers = await inBatches(Array.from({ length: USERS * TURNS }), 16, (_, j) =>
        registerScenario(modelUrl, `${run}-${j}`, {
          reply: `<response>\nTurn ${j}.\n</response>\n<code path="src/components/ScaleNote.tsx">\nexport const ScaleNote = () => <p>${j}</p>;\n</code>\n`,
          chunkChars: 4096,
        }),
      );
      const overhead: number[] = [];
      let completed = 0;
      const started = performance.now();
      await Promise.all(
        users.map(async (u, i) => {
          for (let t = 0; t < TURNS; t++) {
            const j = i * TURNS + t;
            const outcome = await u.waitForOutcome(await u.send(`B10 ${markers[j]}`), 120_000);
            if (outcome.name !== 'turn:completed') continue;
            completed++;
            const last = (await scenarioRequests(modelUrl, `${run}-${j}`)).at(-1)?.lastByteAt;
            if (last) overhead.push(outcome.at - last);
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      const stored = await inBatches(users, 16, (u) => u.storedLog());
      const broken = users.filter((u, i) => u.duplicates > 0 || [...u.events.keys()].sort((a, b) => a - b).join() !== stored[i].join()).length;
      const shape: Shape = {
        processes: `${k} API × ${k} worker`,
        turns: USERS * TURNS,
        completed,
        seconds: Number(seconds.toFixed(2)),
        turnsPerSecond: Number(((USERS * TURNS) / seconds).toFixed(1)),
        overhead: stats(overhead),
        socketsWithAGapOrDuplicate: broken,
      };
      say(`B10 ${shape.processes}: ${shape.turns} turns (${completed} completed) in ${shape.seconds} s = ${shape.turnsPerSecond} turns/s; ${broken} sockets with a gap or duplicate`);
      shapes.push(shape);
    } finally {
      for (const u of users) u.close();
      await stack.stop();
    }
  }
  const [one, three] = shapes;
  const rows: Row[] = [
    {
      figure: `B10 last byte → turn:completed, 3×3 (${USERS} people × ${TURNS} turns)`,
      stats: three.overhead,
      reference: { name: '1×1', stats: one.overhead },
      bar: 'none lost; ratio printed',
    },
  ];
  say(`B10 turns/s: 3×3 ${three.turnsPerSecond} against 1×1 ${one.turnsPerSecond} = ${(three.turnsPerSecond / one.turnsPerSecond).toFixed(2)}× (2 cores: overhead, not speed-up)`);
  return { rows, shapes };
}
