import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { BenchClient, OUTCOMES, registerScenario, scenarioRequests, wallNow } from './bench-client.js';
import { writeDefaultTemplate } from './default-template.js';
import { containerIp, directGet, docker, type Hmr, openHmr, previewGet, rawViteInImage, signIn, startPreview, until200 } from './preview-bench.js';
import { type Row, stats } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);
export const HERO = 'src/components/Hero.tsx';
// The template's App renders the landing Hero with these props: a rewrite must accept them, or the type check
// refuses it (as it would a model's) and no update ever comes.
export const HERO_PROPS =
  '{ id?: string; eyebrow?: string; title?: string; subtitle?: string; primaryAction?: { label: string; href: string }; secondaryAction?: { label: string; href: string }; note?: string }';
export const hero = (i: number) => `export default function Hero(_props: ${HERO_PROPS}) {\n  return <section className="hero"><h1>Headline ${i}</h1><p>${'Copy. '.repeat(10)}</p></section>;\n}\n`;
/** The modules the template's page loads, requested as a browser would so Vite's module graph holds them. */
const PAGE = ['/', '/src/main.tsx', '/src/App.tsx', `/${HERO}`];

export interface OurPreview {
  client: BenchClient;
  socket: Socket;
  projectId: string;
  hmr: Hmr;
}

/** A project with a running preview, its page loaded through the proxy and the HMR websocket open through it. */
export async function ourPreview(apiUrl: string, tag: string): Promise<OurPreview> {
  const client = new BenchClient(apiUrl);
  await client.signUp(tag);
  const projectId = await client.project(tag);
  const socket = await client.socket();
  await socket.timeout(5000).emitWithAck('project:join', { projectId });
  const { origin, cookie } = await signIn(await startPreview(client, socket, projectId));
  for (const path of PAGE) await previewGet(`${origin}${path}`, cookie);
  const u = new URL(origin);
  const source = (await previewGet(`${origin}/@vite/client`, cookie)).body;
  const hmr = await openHmr((hmrToken) => `ws://127.0.0.1:${u.port}/?token=${hmrToken}`, source, { host: u.host, cookie });
  return { client, socket, projectId, hmr };
}

/**
 * Our figure: the model's `</code>` for Hero.tsx leaves the model server (its chunk's write time) → the
 * HMR update for that file at a websocket client of the preview, while the reply still streams (about
 * 200 ms of text follow the file).
 */
export async function measureOurHmr(p: OurPreview, modelUrl: string, n = N): Promise<number[]> {
  const outcome = new Map<string, boolean>();
  for (const name of OUTCOMES) p.socket.on(name, (e: { turnId: string }) => outcome.set(e.turnId, true));
  const samples: number[] = [];
  for (let i = 0; i <= n; i++) {
    const id = `b2-${Date.now()}-${i}`;
    const reply = `<response>\nNew headline ${i}.\n</response>\n<code path="${HERO}">\n${hero(i)}</code>\n${'More words follow while the page already changed. '.repeat(30)}\n`;
    const marker = await registerScenario(modelUrl, id, { reply, chunkChars: 40, chunkDelayMs: 5, stamp: '</code>' });
    const update = p.hmr.nextUpdate(`/${HERO}`);
    const ack = await p.socket.timeout(5000).emitWithAck('chat:send', { projectId: p.projectId, message: `Headline ${i} ${marker}` });
    if (!ack.ok) throw new Error(`B2: chat:send refused: ${JSON.stringify(ack.error)}`);
    const at = await update;
    while (!outcome.has(ack.turnId)) await new Promise((r) => setTimeout(r, 2));
    const [request] = await scenarioRequests(modelUrl, id);
    if (i > 0) samples.push(at - request.stampAt!);
  }
  return samples;
}

/** The raw reference: bare Vite (its CLI, its own file watcher) in the same image, the file written through a bind mount. */
export async function rawVite(image: string, network: string): Promise<{ id: string; ip: string; dir: string; hmr: Hmr; stop: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'b2-raw-'));
  await writeDefaultTemplate(dir);
  const id = await rawViteInImage(image, dir, ['-d', '--network', network], ['/work/project', '--host', '0.0.0.0', '--port', '5173', '--strictPort']);
  const ip = await containerIp(id);
  await until200(() => directGet(`http://${ip}:5173/`));
  // Twice: the first visit may make Vite discover and bundle dependencies, then reload.
  for (let round = 0; round < 2; round++) for (const path of PAGE) await directGet(`http://${ip}:5173${path}`);
  const source = await (await fetch(`http://${ip}:5173/@vite/client`)).text();
  const hmr = await openHmr((hmrToken) => `ws://${ip}:5173/?token=${hmrToken}`, source);
  return {
    id,
    ip,
    dir,
    hmr,
    stop: async () => {
      hmr.close();
      await docker('rm', '-f', '-v', id);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function measureRawHmr(raw: { dir: string; hmr: Hmr }, n = N): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i <= n; i++) {
    const update = raw.hmr.nextUpdate(`/${HERO}`);
    const t0 = wallNow();
    writeFileSync(join(raw.dir, HERO), hero(1000 + i));
    const at = await update;
    if (i > 0) samples.push(at - t0);
    await new Promise((r) => setTimeout(r, 50));
  }
  return samples;
}

export async function benchHmr(apiUrl: string, modelUrl: string, image: string, network: string): Promise<{ rows: Row[] }> {
  const raw = await rawVite(image, network);
  const rawSamples = await measureRawHmr(raw);
  await raw.stop();
  const ours = await ourPreview(apiUrl, 'b2');
  const samples = await measureOurHmr(ours, modelUrl);
  ours.hmr.close();
  ours.socket.close();
  return {
    rows: [
      {
        figure: 'B2 `</code>` leaves the model → HMR update at a client of the preview',
        stats: stats(samples),
        reference: { name: 'raw Vite: file written through a bind mount → HMR update', stats: stats(rawSamples) },
        bar: '≤ raw + 15 ms',
      },
    ],
  };
}
