import { join } from 'node:path';
import { CreateBucketCommand, GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { jest } from '@jest/globals';
import { createDataSource, DeploymentsRepository } from '@studio/data';
import { type DeploymentManifest, etagOf } from '@studio/publish';
import type { Browser } from 'playwright-core';
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import { headTags } from '../../apps/worker/src/sites/testing/html-head.js';
import { API_URL, connectSocket, emitWithAck, eventually, type SignedUp, signUp } from './support/api.js';
import { launchChromium, SCREENSHOTS } from './support/browser.js';
import { siteHost, siteRequest, siteUrl } from './support/site-host.js';
import { EventLog } from './support/turns.js';

jest.setTimeout(300_000);

/**
 * Publishing end to end (docs/API.md "Sites and publishing"), against the real stack: a project from the
 * default template is built in the network-less builder, finished for search engines, stored and made live;
 * the site host serves it; a later publish switches a client in a loop from wholly old to wholly new; rollback
 * is immediate; a version that does not build leaves the live site serving; unpublish takes it down; another
 * person can do none of it; and a bucket of the person's own as the target (a second bucket on the stack's
 * S3 server). The tests of each describe run in order and share one site.
 */
let owner: SignedUp;
let other: SignedUp;
let socket: Socket;
let log: EventLog;
let browser: Browser;
let db: DataSource;
let deployments: DeploymentsRepository;

let projectId: string;
const slug = `pub-${Date.now().toString(36)}`;
const host = () => siteHost(slug);
const first: { id: string; manifest: DeploymentManifest } = { id: '', manifest: { files: {}, notFound: '404.html' } };
const second: { id: string; manifest: DeploymentManifest } = { id: '', manifest: { files: {}, notFound: '404.html' } };

const HEADING = 'Every answer about your product, in plain language.';
const NEW_HEADING = 'Published twice, served whole.';

beforeAll(async () => {
  owner = await signUp('publish');
  other = await signUp('publish-other');
  socket = await connectSocket(owner.accessToken);
  log = new EventLog(socket);
  browser = await launchChromium();
  db = createDataSource(process.env.DATABASE_URL ?? '', { poolSize: 1, applicationName: 'publish-e2e' });
  await db.initialize();
  deployments = new DeploymentsRepository(db);
});
afterAll(async () => {
  socket?.close();
  await browser?.close();
  await db?.destroy();
});

async function putFile(projectId: string, path: string, bytes: Buffer | string): Promise<number> {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/octet-stream' },
    body: new Uint8Array(typeof bytes === 'string' ? Buffer.from(bytes) : bytes),
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { version: number }).version;
}

async function readFile(projectId: string, path: string): Promise<string> {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`, { headers: { authorization: `Bearer ${owner.accessToken}` } });
  expect(res.status).toBe(200);
  return res.text();
}

/** Publishes the head and waits for the outcome event; checks the progress it reported on the way. */
async function publish(projectId: string) {
  const started = await owner.client.post(`/api/projects/${projectId}/deployments`, {});
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ projectId, status: 'queued', live: false });
  const id: string = started.body.id;
  const outcome = await log.waitFor((e) => e.payload?.deploymentId === id && ['deployment:ready', 'deployment:failed'].includes(e.name), 240_000, `the outcome of deployment ${id}`);
  const progress = log.events.filter((e) => e.name === 'deployment:progress' && e.payload.deploymentId === id).map((e) => e.payload.progress as number);
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1] ?? 0);
  return { id, outcome };
}

async function manifestOf(deploymentId: string): Promise<DeploymentManifest> {
  const row = await deployments.findById(deploymentId);
  if (!row?.manifest) throw new Error(`deployment ${deploymentId} has no manifest`);
  return row.manifest;
}

const get = (path: string, headers: Record<string, string> = {}) => siteRequest(host(), path, { headers });

describe('publishing', () => {
  it('publishes the default template: deployment:ready, then the site answers on its host with the page, in Chromium without errors', async () => {
    const created = await owner.client.post('/api/projects', { name: 'Publish me' });
    expect(created.status).toBe(201);
    projectId = created.body.id;
    expect(await emitWithAck(socket, 'project:join', { projectId })).toMatchObject({ ok: true });
    const logo = await sharp({ create: { width: 256, height: 256, channels: 4, background: '#4f46e5' } })
      .png()
      .toBuffer();
    await putFile(projectId, 'public/assets/logo.png', logo);
    // A picture on the page, so "images load" has one to check (Vite copies public/ to the site's root).
    const app = await readFile(projectId, 'src/App.tsx');
    expect(app).toContain('<main id="main">');
    await putFile(projectId, 'src/App.tsx', app.replace('<main id="main">', '<main id="main">\n        <img src="/assets/logo.png" alt="Lumen logo" width="64" height="64" />'));
    const settings = await owner.client.request('PUT', `/api/projects/${projectId}/site`, { slug, title: 'Lumen "analytics" <for all>', description: 'Decisions from product data.' });
    expect(settings.status).toBe(200);
    expect(settings.body).toMatchObject({ slug, liveDeploymentId: null });

    const { id, outcome } = await publish(projectId);
    expect(outcome.name).toBe('deployment:ready');
    expect(outcome.payload).toMatchObject({ deploymentId: id, live: true, url: siteUrl(slug) });
    const updated = await log.waitFor((e) => e.name === 'site:updated' && e.payload.site.liveDeploymentId === id, 10_000, 'site:updated');
    expect(updated.payload.site).toMatchObject({ slug, url: siteUrl(slug) });
    const view = await owner.client.get(`/api/deployments/${id}`);
    expect(view.body).toMatchObject({ id, status: 'ready', live: true, progress: 1, target: 'builtin' });
    expect(view.body.fileCount).toBeGreaterThan(3);
    expect(view.body.buildMs).toBeGreaterThan(0);
    expect(view.body.publishMs).toBeGreaterThanOrEqual(view.body.buildMs);
    first.id = id;
    first.manifest = await manifestOf(id);

    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers.etag).toBe(first.manifest.files['index.html']?.etag);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors: string[] = [];
    page.on('console', (m) => m.type() === 'error' && errors.push(`console: ${m.text()}`));
    page.on('pageerror', (e) => errors.push(`uncaught: ${e.message}`));
    page.on('requestfailed', (r) => errors.push(`request failed: ${r.url()}`));
    page.on('response', (r) => r.status() >= 400 && errors.push(`${r.status()}: ${r.url()}`));
    try {
      await page.goto(siteUrl(slug), { waitUntil: 'networkidle' });
      expect(await page.textContent('h1')).toContain(HEADING);
      // Every image loaded (none broken), by the browser's own account.
      const images = await page.evaluate<{ src: string; ok: boolean }[]>(`[...document.images].map((img) => ({ src: img.currentSrc, ok: img.complete && img.naturalWidth > 0 }))`);
      expect(images.map((i) => new URL(i.src).pathname)).toContain('/assets/logo.png');
      expect(images.filter((i) => !i.ok)).toEqual([]);
      await page.screenshot({ path: join(SCREENSHOTS, 'publish-site.png') });
    } finally {
      await page.close();
    }
    expect(errors).toEqual([]);
  });

  it('serves what search engines and link previews read: title, description, canonical, Open Graph, Twitter, favicon, sitemap, robots', async () => {
    const html = (await get('/')).body.toString('utf8');
    const head = headTags(html);
    const url = siteUrl(slug);
    expect(head.title).toBe('Lumen "analytics" <for all>');
    expect(head.meta('description')).toBe('Decisions from product data.');
    expect(head.count('meta', 'name', 'description')).toBe(1);
    expect(head.link('canonical')).toBe(url);
    expect(head.meta('og:title')).toBe('Lumen "analytics" <for all>');
    expect(head.meta('og:description')).toBe('Decisions from product data.');
    expect(head.meta('og:url')).toBe(url);
    expect(head.meta('og:type')).toBe('website');
    expect(head.meta('twitter:card')).toBe('summary_large_image');
    expect(head.meta('twitter:title')).toBe('Lumen "analytics" <for all>');
    expect(head.meta('twitter:description')).toBe('Decisions from product data.');
    expect(head.meta('robots')).toBeUndefined();

    const image = head.meta('og:image') ?? '';
    expect(image.startsWith(url)).toBe(true);
    expect(head.meta('twitter:image')).toBe(image);
    const shot = await get(new URL(image).pathname);
    expect(shot.status).toBe(200);
    expect(shot.headers['content-type']).toBe('image/png');
    expect(await sharp(shot.body).metadata()).toMatchObject({ format: 'png', width: 1200, height: 630 });

    const icon = head.link('icon') ?? '';
    expect(icon).toBeTruthy();
    const favicon = await get(icon);
    expect(favicon.status).toBe(200);
    expect((await sharp(favicon.body).metadata()).width).toBe(32);

    const sitemap = await get('/sitemap.xml');
    expect(sitemap.status).toBe(200);
    expect(sitemap.body.toString()).toContain(`<loc>${url}</loc>`);
    const robots = (await get('/robots.txt')).body.toString();
    expect(robots).toContain(`Sitemap: ${url}sitemap.xml`);
    expect(robots).not.toMatch(/Disallow: \/\s*$/m);

    const missing = await get('/no/such/page');
    expect(missing.status).toBe(404);
    expect(missing.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('a later version published while a client fetches in a loop: every response is wholly the old or wholly the new deployment', async () => {
    const app = await readFile(projectId, 'src/App.tsx');
    expect(app).toContain(HEADING);
    await putFile(projectId, 'src/App.tsx', app.replace(HEADING, NEW_HEADING));

    const paths = Object.keys(first.manifest.files).filter((p) => p === 'index.html' || p.startsWith('assets/'));
    const seen: { path: string; status: number; etag: string | undefined; bodyEtag: string }[] = [];
    let stop = false;
    const loop = (async () => {
      while (!stop) {
        for (const path of ['index.html', ...paths]) {
          const reply = await get(path === 'index.html' ? '/' : `/${path}`);
          seen.push({ path, status: reply.status, etag: reply.headers.etag, bodyEtag: etagOf(reply.body) });
        }
      }
    })();
    const { id, outcome } = await publish(projectId);
    expect(outcome.name).toBe('deployment:ready');
    second.id = id;
    second.manifest = await manifestOf(id);
    // A few more rounds after the switch, so the loop has seen both (the loop's own failure ends the wait).
    const after = seen.length;
    const deadline = Date.now() + 30_000;
    let failed: unknown = null;
    loop.catch((err: unknown) => {
      failed = err;
    });
    while (!failed && seen.length < after + (paths.length + 1) * 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    stop = true;
    await loop;

    const olds = new Set<string>();
    const news = new Set<string>();
    for (const r of seen) {
      if (r.status === 404) {
        // An asset of one deployment asked of the other (a hashed name that changed): its 404 page, never a mix.
        expect(second.manifest.files[r.path] === undefined || first.manifest.files[r.path] === undefined).toBe(true);
        continue;
      }
      expect(r.status).toBe(200);
      // The bytes are exactly what the header says, and that is one deployment's file.
      expect(r.etag).toBe(r.bodyEtag);
      const inOld = first.manifest.files[r.path]?.etag === r.etag;
      const inNew = second.manifest.files[r.path]?.etag === r.etag;
      expect(inOld || inNew).toBe(true);
      if (r.path === 'index.html') (inOld ? olds : news).add(r.etag ?? '');
    }
    expect(first.manifest.files['index.html']?.etag).not.toBe(second.manifest.files['index.html']?.etag);
    expect(olds.size).toBe(1);
    expect(news.size).toBe(1);
    // The index was served old, then new, never back: the switch happened once.
    const indexes = seen.filter((r) => r.path === 'index.html').map((r) => r.etag);
    const firstNew = indexes.indexOf(second.manifest.files['index.html']?.etag);
    expect(firstNew).toBeGreaterThan(0);
    expect(indexes.slice(firstNew).every((e) => e === second.manifest.files['index.html']?.etag)).toBe(true);

    const page = await browser.newPage();
    try {
      await page.goto(siteUrl(slug), { waitUntil: 'networkidle' });
      expect(await page.textContent('h1')).toContain(NEW_HEADING);
    } finally {
      await page.close();
    }
  });

  it('rollback is immediate: the very next request serves the earlier deployment', async () => {
    const rolled = await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: first.id });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ liveDeploymentId: first.id });
    expect((await get('/')).headers.etag).toBe(first.manifest.files['index.html']?.etag);
    expect((await owner.client.get(`/api/deployments/${second.id}`)).body).toMatchObject({ status: 'ready', live: false });
  });

  it('a version that does not build fails its deployment with the compiler’s output, and the live site keeps serving', async () => {
    const app = await readFile(projectId, 'src/App.tsx');
    await putFile(projectId, 'src/App.tsx', `import { NoSuchIcon } from 'lucide-react';\n${app}\nexport const broken = <NoSuchIcon />;\n`);
    const { id, outcome } = await publish(projectId);
    expect(outcome.name).toBe('deployment:failed');
    expect(outcome.payload.error).toMatchObject({ code: 'PUBLISH_BUILD_FAILED' });
    expect(outcome.payload.error.details.output).toMatch(/NoSuchIcon/);
    expect((await owner.client.get(`/api/deployments/${id}`)).body).toMatchObject({ status: 'failed', live: false, error: { code: 'PUBLISH_BUILD_FAILED' } });
    const index = await get('/');
    expect(index.status).toBe(200);
    expect(index.headers.etag).toBe(first.manifest.files['index.html']?.etag);
    await putFile(projectId, 'src/App.tsx', app);
  });

  it('another person can neither publish, roll back, unpublish, nor see the site or its deployments', async () => {
    const c = other.client;
    expect((await c.post(`/api/projects/${projectId}/deployments`, {})).status).toBe(404);
    expect((await c.get(`/api/projects/${projectId}/deployments`)).status).toBe(404);
    expect((await c.get(`/api/deployments/${first.id}`)).status).toBe(404);
    expect((await c.get(`/api/projects/${projectId}/site`)).status).toBe(404);
    expect((await c.request('PUT', `/api/projects/${projectId}/site`, { title: 'Mine now' })).status).toBe(404);
    expect((await c.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: second.id })).status).toBe(404);
    expect((await c.post(`/api/projects/${projectId}/site/unpublish`, {})).status).toBe(404);
    // Still the owner's, unchanged.
    expect((await owner.client.get(`/api/projects/${projectId}/site`)).body).toMatchObject({ liveDeploymentId: first.id, settings: { title: 'Lumen "analytics" <for all>' } });
    expect((await get('/')).headers.etag).toBe(first.manifest.files['index.html']?.etag);
  });

  it('noindex: the next publish asks search engines to stay away (robots meta tag and Disallow)', async () => {
    expect((await owner.client.request('PUT', `/api/projects/${projectId}/site`, { noindex: true })).status).toBe(200);
    const { outcome } = await publish(projectId);
    expect(outcome.name).toBe('deployment:ready');
    const head = headTags((await get('/')).body.toString('utf8'));
    expect(head.meta('robots')).toBe('noindex, nofollow');
    expect((await get('/robots.txt')).body.toString()).toMatch(/^Disallow: \/\s*$/m);
  });

  it('unpublish takes the site down at once: 404 on its host', async () => {
    const down = await owner.client.post(`/api/projects/${projectId}/site/unpublish`, {});
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ liveDeploymentId: null });
    expect((await get('/')).status).toBe(404);
    expect((await get('/sitemap.xml')).status).toBe(404);
  });
});

describe('publishing to a bucket the person owns (s3 target)', () => {
  const env = process.env;
  const bucket = `own-${Date.now().toString(36)}`;
  const bucketSlug = `bkt-${Date.now().toString(36)}`;
  const publicUrl = `http://${bucket}.example.test/www/`;
  let s3: S3Client;
  let pid: string;

  const target = (accessKeyId = env.S3_ACCESS_KEY_ID ?? '') => ({
    kind: 's3',
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION ?? 'us-east-1',
    bucket,
    prefix: 'www/',
    accessKeyId,
    secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '',
    forcePathStyle: true,
    publicUrl,
  });
  /** The bucket's copy of a file: its bytes' ETag (as the manifest computes it) and its headers. */
  async function inBucket(path: string) {
    const got = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: `www/${path}` }));
    const bytes = Buffer.from((await got.Body?.transformToByteArray()) ?? new Uint8Array());
    return { etag: etagOf(bytes), contentType: got.ContentType, cacheControl: got.CacheControl, text: bytes.toString('utf8') };
  }

  beforeAll(async () => {
    s3 = new S3Client({
      endpoint: env.S3_ENDPOINT,
      region: env.S3_REGION ?? 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: env.S3_ACCESS_KEY_ID ?? '', secretAccessKey: env.S3_SECRET_ACCESS_KEY ?? '' },
    });
    await s3.send(new CreateBucketCommand({ Bucket: bucket }));
    const created = await owner.client.post('/api/projects', { name: 'Publish to a bucket' });
    pid = created.body.id;
    expect(await emitWithAck(socket, 'project:join', { projectId: pid })).toMatchObject({ ok: true });
    expect((await owner.client.request('PUT', `/api/projects/${pid}/site`, { slug: bucketSlug })).status).toBe(200);
  });
  afterAll(() => s3?.destroy());

  it('puts each publish into the bucket (the built-in copy kept), re-puts on rollback, and a refused credential fails the deployment only', async () => {
    const set = await owner.client.request('PUT', `/api/projects/${pid}/site/target`, target());
    expect(set.status).toBe(200);
    expect(set.body.target).toMatchObject({ kind: 's3', bucket, prefix: 'www/' });
    // (The stack's server uses one word for its key id and secret, so the check is by field, not by value.)
    expect(Object.keys(set.body.target)).not.toContain('secretAccessKey');

    const v1 = await publish(pid);
    expect(v1.outcome.name).toBe('deployment:ready');
    expect(v1.outcome.payload).toMatchObject({ live: true, url: publicUrl });
    const m1 = await manifestOf(v1.id);
    const index1 = await inBucket('index.html');
    expect(index1).toMatchObject({ etag: m1.files['index.html']?.etag, contentType: 'text/html; charset=utf-8', cacheControl: 'no-cache' });
    expect(headTags(index1.text).link('canonical')).toBe(publicUrl);
    const hashed = Object.keys(m1.files).find((p) => m1.files[p]?.immutable) ?? '';
    expect((await inBucket(hashed)).cacheControl).toBe('public, max-age=31536000, immutable');
    // The built-in host serves the same deployment from the platform's store.
    expect((await siteRequest(siteHost(bucketSlug), '/')).headers.etag).toBe(m1.files['index.html']?.etag);

    const app = await readFile(pid, 'src/App.tsx');
    await putFile(pid, 'src/App.tsx', app.replace(HEADING, NEW_HEADING));
    const v2 = await publish(pid);
    expect(v2.outcome.name).toBe('deployment:ready');
    const m2 = await manifestOf(v2.id);
    expect((await inBucket('index.html')).etag).toBe(m2.files['index.html']?.etag);

    // Rollback: the pointer moves at once; the worker puts v1's stored files back into the bucket, no build.
    expect((await owner.client.post(`/api/projects/${pid}/site/rollback`, { deploymentId: v1.id })).status).toBe(200);
    await eventually(async () => ((await inBucket('index.html')).etag === m1.files['index.html']?.etag ? true : undefined), 30_000, 'the bucket to hold v1 again');

    // Credentials the bucket does not know: the deployment fails with the provider's reason; nothing else moves.
    expect((await owner.client.request('PUT', `/api/projects/${pid}/site/target`, target('unknown-key-id-for-this-test'))).status).toBe(200);
    const refused = await publish(pid);
    expect(refused.outcome.name).toBe('deployment:failed');
    expect(refused.outcome.payload.error).toMatchObject({ code: 'PUBLISH_TARGET_REFUSED', details: { provider: 'InvalidAccessKeyId' } });
    expect(JSON.stringify(refused.outcome.payload.error)).not.toContain('unknown-key-id-for-this-test');
    expect((await owner.client.get(`/api/projects/${pid}/site`)).body).toMatchObject({ liveDeploymentId: v1.id });
    expect((await inBucket('index.html')).etag).toBe(m1.files['index.html']?.etag);
  });
});
