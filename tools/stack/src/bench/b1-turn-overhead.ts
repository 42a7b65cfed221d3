import pg from 'pg';
import { HERO_PROPS } from './b2-hmr.js';
import { BenchClient, OUTCOMES, registerScenario, scenarioRequests, wallNow } from './bench-client.js';
import { browserLoads } from './browser-load.js';
import { containerIp, startPreview } from './preview-bench.js';
import { type Row, stats } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);

/**
 * B1: turn overhead, from the model's last byte to `turn:completed` at a client. The scripted model streams
 * a reply of two files at a fixed rate (40 chunks, 5 ms apart), so its own time is known; the figure is what
 * we add after it: the parser's end, validation, the repair check, blob upload, the commit transaction and
 * the events. The model server stamps its last byte; the client stamps the event; same machine, same clock.
 */
export async function benchTurnOverhead(apiUrl: string, modelUrl: string): Promise<{ rows: Row[]; samples: number[] }> {
  const client = new BenchClient(apiUrl);
  await client.signUp('b1');
  const projectId = await client.project('B1');
  const socket = await client.socket();
  const completedAt = new Map<string, number>();
  for (const name of OUTCOMES) socket.on(name, (p: { turnId: string }) => completedAt.set(p.turnId, wallNow()));
  // The render check's own time, as the turn records it.
  const checkMs = new Map<string, number>();
  socket.on('turn:completed', (p: { turnId: string; render?: { ms?: number } }) => p.render?.ms !== undefined && checkMs.set(p.turnId, p.render.ms));
  await socket.timeout(5000).emitWithAck('project:join', { projectId });
  // With a preview running (where one can run), the turn also ends at `preview:updated`.
  const previewAt = new Map<number, number>();
  socket.on('preview:updated', (p: { version: number }) => previewAt.set(p.version, wallNow()));
  const withPreview = await startPreview(client, socket, projectId).then(
    () => true,
    () => false,
  );
  let version = 1;
  const toPreview: number[] = [];
  const checks: number[] = [];

  const samples: number[] = [];
  for (let i = 0; i <= N; i++) {
    const id = `b1-${Date.now()}-${i}`;
    const hero = `export default function Hero(_props: ${HERO_PROPS}) {\n  return <section><h1>Version ${i}</h1><p>${'Copy. '.repeat(20)}</p></section>;\n}\n`;
    const badge = `export const Badge = ({ label }: { label: string }) => <span>{label} ${i}</span>;\n`;
    const reply = `<response>\nVersion ${i}.\n</response>\n<code path="src/components/Hero.tsx">\n${hero}</code>\n<code path="src/components/Badge.tsx">\n${badge}</code>\n`;
    const marker = await registerScenario(modelUrl, id, { reply, chunkChars: Math.ceil(reply.length / 40), chunkDelayMs: 5 });
    const ack = await socket.timeout(5000).emitWithAck('chat:send', { projectId, message: `Turn ${i} ${marker}` });
    if (!ack.ok) throw new Error(`B1: chat:send refused: ${JSON.stringify(ack.error)}`);
    while (!completedAt.has(ack.turnId)) await new Promise((r) => setTimeout(r, 2));
    const [request] = await scenarioRequests(modelUrl, id);
    if (i > 0) samples.push(completedAt.get(ack.turnId)! - request.lastByteAt!); // the first turn warms up
    if (i > 0 && checkMs.has(ack.turnId)) checks.push(checkMs.get(ack.turnId)!);
    version += 1;
    if (withPreview) {
      const deadline = Date.now() + 10_000;
      while (!previewAt.has(version) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 2));
      if (i > 0 && previewAt.has(version)) toPreview.push(previewAt.get(version)! - request.lastByteAt!);
    }
  }
  socket.close();
  if (!checks.length) {
    const rows: Row[] = [{ figure: "B1 model's last byte → turn:completed", stats: stats(samples), bar: 'p50 ≤ 50, p95 ≤ 150 (to preview:updated)' }];
    if (toPreview.length) rows.push({ figure: "B1 model's last byte → preview:updated", stats: stats(toPreview), bar: 'p50 ≤ 50, p95 ≤ 150' });
    return { rows, samples };
  }
  // The render check loaded the page in Chromium before each turn ended: the limit is Chromium's own load of it.
  const reference = { name: 'Chromium alone loads the page (fresh context → #root drawn)', stats: stats(await browserLoads(await previewUrl(projectId), N)) };
  const bar = 'p50 ≤ ref + 50, p95 ≤ ref + 150';
  const rows: Row[] = [
    { figure: "B1 model's last byte → turn:completed", stats: stats(samples), reference, bar },
    { figure: "B1 model's last byte → preview:updated", stats: stats(toPreview), reference, bar },
    { figure: 'B1 the render check inside it (as the turn records it)', stats: stats(checks), reference, bar: '—' },
  ];
  return { rows, samples };
}

/** The project's preview, straight to its container (as the render check loads it). */
async function previewUrl(projectId: string): Promise<string> {
  const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  try {
    const { rows } = await db.query<{ instance_id: string }>('SELECT instance_id FROM preview_sessions WHERE project_id = $1', [projectId]);
    return `http://${await containerIp(rows[0].instance_id)}:5173/`;
  } finally {
    await db.end();
  }
}
