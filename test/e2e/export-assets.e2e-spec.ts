import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { extname } from 'node:path';
import { jest } from '@jest/globals';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { unzip } from '../../libs/files/src/testing/unzip.js';
import { launchBrowser } from '../templates/support/browser.js';
import { API_URL, connectSocket, emitWithAck, type SignedUp, signUp } from './support/api.js';
import { EventLog } from './support/turns.js';

jest.setTimeout(240_000);

/**
 * A page with the person's own images, exported (docs/API.md "Exports", docs/ARCHITECTURE.md "Assets"): the
 * assets are project files under public/assets/ like any other, so the source zip holds them byte for byte and
 * the static build keeps them, Vite copying public/ as is and hashing what the code imports. The static site,
 * unzipped onto a plain server, loads in Chromium with every image.
 */
let owner: SignedUp;
let socket: Socket;
let log: EventLog;
let browser: Browser;
beforeAll(async () => {
  owner = await signUp('export-assets');
  socket = await connectSocket(owner.accessToken);
  log = new EventLog(socket);
  browser = await launchBrowser();
});
afterAll(async () => {
  socket?.close();
  await browser?.close();
});

/** Random pixels, so the encoders cannot shrink the file to nothing (and Vite does not inline the imported one). */
const noise = (width: number, height: number) => sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } });

async function put(projectId: string, path: string, bytes: Buffer): Promise<number> {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { version: number }).version;
}

async function exported(projectId: string, kind: 'source' | 'static', version: number): Promise<Map<string, { bytes: Buffer }>> {
  const started = await owner.client.post(`/api/projects/${projectId}/exports`, { kind, version });
  expect(started.status).toBe(202);
  const id: string = started.body.id;
  const outcome = await log.waitFor((e) => e.payload?.exportId === id && ['export:ready', 'export:failed'].includes(e.name), 200_000, `the outcome of export ${id}`);
  expect({ name: outcome.name, error: outcome.payload.error }).toEqual({ name: 'export:ready', error: undefined });
  const res = await fetch(`${API_URL}/api/exports/${id}/download`, { headers: { authorization: `Bearer ${owner.accessToken}` } });
  expect(res.status).toBe(200);
  return unzip(Buffer.from(await res.arrayBuffer()));
}

const TYPES: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
};

/** A plain static host over the unzipped site, with the media types a real one sends (an SVG needs its own to show in <img>). */
async function serve(entries: Map<string, { bytes: Buffer }>): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/+/, '') || 'index.html';
    const entry = entries.get(path);
    if (!entry) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' }).end(entry.bytes);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/`, close: () => new Promise((ok) => server.close(() => ok())) };
}

// The page: each format in an <img>, one asset the code imports (Vite hashes it), one as a CSS background only.
const APP = `import mark from './assets/mark.png';
import './backdrop.css';

export default function App() {
  return (
    <main className="p-6">
      <h1>Our pictures</h1>
      <img id="png" src="/assets/photo.png" alt="A PNG photo" width={320} height={200} decoding="async" />
      <img id="jpeg" src="/assets/team.jpg" alt="A JPEG of the team" width={400} height={300} decoding="async" />
      <img id="webp" src="/assets/wide.webp" srcSet="/assets/wide.webp 640w" sizes="640px" alt="A WebP banner" width={640} height={360} decoding="async" />
      <img id="svg" src="/assets/logo.svg" alt="The logo" width={120} height={40} decoding="async" />
      <img id="hashed" src={mark} alt="An imported mark" width={96} height={96} decoding="async" />
      <div id="backdrop" className="backdrop" role="img" aria-label="A pattern" />
    </main>
  );
}
`;
const BACKDROP_CSS = `.backdrop {
  width: 320px;
  height: 160px;
  background-image: url('/assets/pattern.webp');
  background-size: cover;
}
`;
const SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40" viewBox="0 0 120 40"><rect width="120" height="40" rx="8" fill="#4f46e5"/><circle cx="20" cy="20" r="10" fill="#fff"/></svg>\n';

// Run in the page (strings: the tests' Node program has no DOM typings).
const IMAGES_SETTLED = `[...document.images].length === 5 && [...document.images].every((i) => i.complete)`;
const IMAGES = `[...document.images].map((i) => ({ id: i.id, src: i.currentSrc, complete: i.complete, naturalWidth: i.naturalWidth }))`;
const BACKGROUND = `(async () => {
  const css = getComputedStyle(document.getElementById('backdrop')).backgroundImage;
  const url = (/url\\("?([^"]*)"?\\)/.exec(css) || [])[1] || '';
  const entry = performance.getEntriesByType('resource').find((e) => e.name === url);
  const naturalWidth = await new Promise((ok) => {
    const img = new Image();
    img.onload = () => ok(img.naturalWidth);
    img.onerror = () => ok(0);
    img.src = url;
  });
  return { url, initiator: entry ? entry.initiatorType : null, naturalWidth };
})()`;

describe('exports of a page with assets', () => {
  it('the source zip holds every asset byte for byte; the static site loads every <img> and the CSS background in Chromium', async () => {
    const created = await owner.client.post('/api/projects', { name: 'Pictures' });
    const projectId: string = created.body.id;
    expect(await emitWithAck(socket, 'project:join', { projectId })).toMatchObject({ ok: true });

    const assets: Record<string, Buffer> = {
      'public/assets/photo.png': await noise(320, 200).png().toBuffer(),
      'public/assets/team.jpg': await noise(400, 300).jpeg({ quality: 80 }).toBuffer(),
      'public/assets/wide.webp': await noise(640, 360).webp({ quality: 70 }).toBuffer(),
      'public/assets/pattern.webp': await noise(200, 100).webp({ quality: 70 }).toBuffer(),
      'public/assets/logo.svg': Buffer.from(SVG),
      // Imported by the code: Vite emits it under a hashed name (it is past the 4 KB inlining limit).
      'src/assets/mark.png': await noise(96, 96).png().toBuffer(),
    };
    expect(assets['src/assets/mark.png'].length).toBeGreaterThan(4096);
    // The assets first, then the page that uses them.
    for (const [path, bytes] of Object.entries(assets)) await put(projectId, path, bytes);
    await put(projectId, 'src/backdrop.css', Buffer.from(BACKDROP_CSS));
    const version = await put(projectId, 'src/App.tsx', Buffer.from(APP));

    const source = await exported(projectId, 'source', version);
    for (const [path, bytes] of Object.entries(assets)) expect({ path, same: source.get(path)?.bytes.equals(bytes) }).toEqual({ path, same: true });

    const site = await exported(projectId, 'static', version);
    const names = [...site.keys()];
    // public/ is copied as is: same names, same bytes.
    for (const [path, bytes] of Object.entries(assets)) {
      if (!path.startsWith('public/')) continue;
      const name = path.slice('public/'.length);
      expect({ name, same: site.get(name)?.bytes.equals(bytes) }).toEqual({ name, same: true });
    }
    const hashed = names.filter((n) => /^assets\/mark-[\w-]+\.png$/.test(n));
    expect(hashed).toHaveLength(1);
    expect(site.get(hashed[0])!.bytes.equals(assets['src/assets/mark.png'])).toBe(true);
    const script = names.find((n) => /^assets\/.+\.js$/.test(n))!;
    // The code names the hashed file (relative to the script, where the export builds with a relative base).
    expect(site.get(script)!.bytes.toString().includes(hashed[0].slice('assets/'.length))).toBe(true);
    // The stylesheet's url() still names the public file (Vite rewrites it relative to the stylesheet there).
    const backgrounds = names
      .filter((n) => /^assets\/.+\.css$/.test(n))
      .flatMap((n) =>
        [
          ...site
            .get(n)!
            .bytes.toString()
            .matchAll(/url\(["']?([^"')]*pattern[^"')]*)["']?\)/g),
        ].map((m) => new URL(m[1], `http://site/${n}`).pathname),
      );
    expect(backgrounds).toEqual(['/assets/pattern.webp']);

    const server = await serve(site);
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(`uncaught: ${e.message}`));
    page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()}`));
    page.on('response', (r) => r.status() >= 400 && problems.push(`${r.status()}: ${r.url()}`));
    try {
      await page.goto(server.url, { waitUntil: 'networkidle' });
      await page.waitForFunction(IMAGES_SETTLED, undefined, { timeout: 15_000 });
      const images = await page.evaluate<{ id: string; src: string; complete: boolean; naturalWidth: number }[]>(IMAGES);
      expect(images.map((i) => [i.id, i.complete, i.naturalWidth])).toEqual([
        ['png', true, 320],
        ['jpeg', true, 400],
        ['webp', true, 640],
        ['svg', true, 120],
        ['hashed', true, 96],
      ]);
      expect(images.find((i) => i.id === 'hashed')!.src).toBe(`${server.url}${hashed[0]}`);
      const background = await page.evaluate<{ url: string; initiator: string | null; naturalWidth: number }>(BACKGROUND);
      expect(background).toEqual({ url: `${server.url}assets/pattern.webp`, initiator: 'css', naturalWidth: 200 });
      expect(problems).toEqual([]);
    } finally {
      await page.close();
      await server.close();
    }
  });
});
