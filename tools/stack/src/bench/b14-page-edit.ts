import { measureRawHmr, ourPreview, rawVite } from './b2-hmr.js';
import { wallNow } from './bench-client.js';
import { type Row, stats } from './stats.js';

const N = Number(process.env.BENCH_N ?? 20);
const APP = 'src/App.tsx';
const HERO = 'src/components/Hero.tsx';
// An update that never comes (the edit refused, the preview not following) fails the run instead of hanging it.
const UPDATE_TIMEOUT_MS = 20_000;

/** 1-based line and column of the first `needle` in `content`: where the preview marks that element. */
function locationOf(path: string, content: string, needle: string): { path: string; line: number; column: number } {
  const at = content.indexOf(needle);
  if (at < 0) throw new Error(`B14: no ${needle} in ${path}`);
  const before = content.slice(0, at);
  return { path, line: before.split('\n').length, column: at - before.lastIndexOf('\n') };
}

/** What the template's page shows as the hero title: the string App.tsx passes to the Hero. */
const titleIn = (app: string) => /<Hero[\s\S]*?\btitle="([^"]*)"/.exec(app)?.[1];

/**
 * Our figure: a person's edit of the hero title on the page (`POST /api/projects/:id/edits`, the text the
 * default template's App.tsx passes to its Hero) → the HMR update for App.tsx at a websocket client of the
 * preview, through the proxy. Everything between is ours: the located edit, the commit, the sync to the agent.
 */
async function measureEdits(apiUrl: string, n = N): Promise<number[]> {
  const p = await ourPreview(apiUrl, 'b14');
  try {
    const read = async (path: string) => {
      const res = await fetch(`${apiUrl}/api/projects/${p.projectId}/files/raw?path=${encodeURIComponent(path)}`, { headers: { authorization: `Bearer ${p.client.accessToken}` } });
      if (!res.ok) throw new Error(`B14: reading ${path} answered ${res.status}`);
      return res.text();
    };
    const app = await read(APP);
    let before = titleIn(app);
    if (before === undefined) throw new Error('B14: the template passes no title to its Hero');
    const location = locationOf(HERO, await read(HERO), '<h1');
    const owners = [locationOf(APP, app, '<Hero')];
    let version = (await p.client.call<{ headVersion: number }>('GET', `/api/projects/${p.projectId}`)).headVersion;
    const samples: number[] = [];
    for (let i = 0; i <= n; i++) {
      const after = `A headline edited on the page, take ${i}`;
      const update = p.hmr.nextUpdate(`/${APP}`);
      const t0 = wallNow();
      const made = await p.client.call<{ version: number }>('POST', `/api/projects/${p.projectId}/edits`, { baseVersion: version, location, owners, target: { kind: 'text' }, before, after });
      const at = await within(update, UPDATE_TIMEOUT_MS, `B14: no HMR update for ${APP} within ${UPDATE_TIMEOUT_MS} ms`);
      if (i > 0) samples.push(at - t0);
      version = made.version;
      before = after;
      await new Promise((r) => setTimeout(r, 50));
    }
    return samples;
  } finally {
    p.hmr.close();
    p.socket.close();
  }
}

async function within<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** B14 beside B2's reference, measured in this run: bare Vite in the same image, a file written through a bind mount. */
export async function benchPageEdit(apiUrl: string, image: string, network: string): Promise<{ rows: Row[] }> {
  const raw = await rawVite(image, network);
  const rawSamples = await measureRawHmr(raw);
  await raw.stop();
  const samples = await measureEdits(apiUrl);
  return {
    rows: [
      {
        figure: 'B14 text edited on the page (POST /edits) → HMR update at a client of the preview',
        stats: stats(samples),
        reference: { name: 'raw Vite (B2): file written through a bind mount → HMR update', stats: stats(rawSamples) },
        bar: 'none yet: the difference is the figure',
      },
    ],
  };
}
