import pg from 'pg';
import { measureOurHmr, ourPreview, rawVite } from './b2-hmr.js';
import { measureColdStarts } from './b3-start.js';
import { wallNow } from './bench-client.js';
import { containerCpuMs, containerRssMb, directGet } from './preview-bench.js';
import { type Row, stats } from './stats.js';

const TARGET = Number(process.env.BENCH_PREVIEWS ?? 80);

/**
 * B4: previews running at once. Starts previews (each cold, sequentially) until TARGET run, then measures
 * memory per idle preview (cgroup RSS, beside one bare Vite dev server's), idle CPU over 10 s, and HMR
 * latency (B2's figure) with all of them running.
 */
export async function benchDensity(
  apiUrl: string,
  modelUrl: string,
  image: string,
  network: string,
  databaseUrl: string,
  runningAlready: number,
): Promise<{ rows: Row[]; report: Record<string, unknown> }> {
  const started = await measureColdStarts(apiUrl, Math.max(0, TARGET - runningAlready - 2));
  const probe = await ourPreview(apiUrl, 'b4-probe');
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const ids: string[] = (await db.query(`SELECT instance_id FROM preview_sessions WHERE status IN ('ready', 'updating') AND instance_id IS NOT NULL`)).rows.map((r) => r.instance_id);
  await db.end();

  const raw = await rawVite(image, network);
  await directGet(`http://${raw.ip}:5173/src/components/Hero.tsx`);
  const bareRss = containerRssMb(raw.id);
  await raw.stop();

  await new Promise((r) => setTimeout(r, 5000)); // let start-up work settle before "idle" is measured
  const rss = ids.map(containerRssMb);
  const cpu0 = ids.reduce((sum, id) => sum + containerCpuMs(id), 0);
  const t0 = wallNow();
  await new Promise((r) => setTimeout(r, 10_000));
  const idleCpuPercent = ((ids.reduce((sum, id) => sum + containerCpuMs(id), 0) - cpu0) / (wallNow() - t0)) * 100;

  const hmr = await measureOurHmr(probe, modelUrl, 20);
  probe.hmr.close();
  probe.socket.close();
  const sortedRss = [...rss].sort((a, b) => a - b);
  const report = {
    running: ids.length,
    startedForB4: started.started.length,
    rssPerPreviewMedianMb: Math.round(sortedRss[Math.floor(sortedRss.length / 2)]),
    rssPerPreviewMaxMb: Math.round(sortedRss.at(-1) ?? 0),
    bareViteRssMb: Math.round(bareRss),
    rssRatio: Math.round((sortedRss[Math.floor(sortedRss.length / 2)] / bareRss) * 100) / 100,
    idleCpuPercentOfOneCore: Math.round(idleCpuPercent * 100) / 100,
  };
  return {
    rows: [{ figure: `B4 HMR update with ${ids.length} previews running (as B2)`, stats: stats(hmr), bar: 'p95 ≤ 2× B2' }],
    report,
  };
}
