import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { jest } from '@jest/globals';
import { FORM_HONEYPOT_FIELD, SITE_CHANGED_CHANNEL } from '@studio/contracts';
import { createDataSource, DeploymentsRepository, FormSubmissionsRepository, SitesRepository } from '@studio/data';
import { S3ObjectStore } from '@studio/files';
import { type DeploymentManifest, deployedFile, precompress } from '@studio/publish';
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import { eventually, type SignedUp, signUp } from './support/api.js';
import { type SiteReply, siteHost, siteRequest } from './support/site-host.js';
import { WebhookReceiver } from './support/webhook-receiver.js';

jest.setTimeout(120_000);

/**
 * The site host (docs/ARCHITECTURE.md "Published sites are served") against the real stack: deployments are
 * seeded straight into the store and the database (as the worker's publish leaves them), so this checks the
 * serving alone: types, validators, caching, compression, the 404 page, refusals, the live pointer moving
 * under a client, traffic, and the form endpoint.
 */
let db: DataSource;
let store: S3ObjectStore;
let redis: Redis;
let sites: SitesRepository;
let deployments: DeploymentsRepository;
let submissions: FormSubmissionsRepository;
let owner: SignedUp;

beforeAll(async () => {
  db = createDataSource(process.env.DATABASE_URL ?? '', { poolSize: 2, applicationName: 'site-host-e2e' });
  await db.initialize();
  store = S3ObjectStore.fromEnvironment();
  redis = new Redis(process.env.REDIS_URL ?? '');
  sites = new SitesRepository(db);
  deployments = new DeploymentsRepository(db);
  submissions = new FormSubmissionsRepository(db);
  owner = await signUp('site-host');
});
afterAll(async () => {
  await db?.destroy();
  store?.destroy();
  redis?.disconnect();
});

const SCRIPT = `console.log(${JSON.stringify('x'.repeat(4000))});\n`;
const page = (title: string) =>
  `<!doctype html><html><head><title>${title}</title><script type="module" src="/assets/app-B1a2c3d4.js"></script></head><body>${'<p>Lorem ipsum dolor sit amet.</p>'.repeat(80)}</body></html>`;

interface Seeded {
  siteId: string;
  projectId: string;
  slug: string;
  host: string;
}

/** A site of `owner` with no deployment yet. */
async function seedSite(): Promise<Seeded> {
  const created = await owner.client.post('/api/projects', { name: 'Site host' });
  expect(created.status).toBe(201);
  const projectId: string = created.body.id;
  const slug = `sh-${randomUUID().slice(0, 8)}`;
  const site = await sites.create({ projectId, ownerId: owner.userId, slug });
  return { siteId: site.id, projectId, slug, host: siteHost(slug) };
}

/** A built deployment as the worker stores it (files, .br and .gz copies, the manifest), made ready and live. */
async function seedDeployment(site: Seeded, title: string, version: number): Promise<{ id: string; files: Map<string, Buffer>; live: boolean }> {
  const row = await deployments.create({ siteId: site.siteId, projectId: site.projectId, ownerId: owner.userId, version, targetKind: 'builtin' });
  const files = new Map<string, Buffer>([
    ['index.html', Buffer.from(page(title))],
    ['docs/index.html', Buffer.from(page(`${title} docs`))],
    ['assets/app-B1a2c3d4.js', Buffer.from(SCRIPT)],
    ['logo.png', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(2000)])],
    ['404.html', Buffer.from(`<!doctype html><title>Lost (${title})</title><p>No such page.</p>`)],
  ]);
  const compressed = await precompress(files);
  const manifest: DeploymentManifest = { files: {}, notFound: '404.html' };
  for (const [path, bytes] of files) {
    const copies = compressed.get(path) ?? {};
    const entry = deployedFile(site.projectId, row.id, path, bytes, copies);
    await store.put(entry.key, bytes, { contentType: entry.contentType });
    if (entry.br && copies.br) await store.put(entry.br.key, copies.br);
    if (entry.gz && copies.gz) await store.put(entry.gz.key, copies.gz);
    manifest.files[path] = entry;
  }
  const size = [...files.values()].reduce((n, b) => n + b.length, 0);
  const { live } = await sites.activate(row.id, { manifest, fileCount: files.size, sizeBytes: size, buildMs: 1, publishMs: 2 });
  return { id: row.id, files, live };
}

/** What the worker and the API do after changing what a site serves. */
const notify = (siteId: string) => redis.publish(SITE_CHANGED_CHANNEL, siteId);

const titleOf = (r: SiteReply) => /<title>([^<]*)<\/title>/.exec(r.body.toString('utf8'))?.[1];

describe('site host: serving', () => {
  let site: Seeded;
  let first: Awaited<ReturnType<typeof seedDeployment>>;
  beforeAll(async () => {
    site = await seedSite();
    first = await seedDeployment(site, 'One', 1);
    expect(first.live).toBe(true);
    await notify(site.siteId);
  });

  it('serves / as index.html with its type, a strong ETag, revalidation and the static host headers', async () => {
    const res = await siteRequest(site.host, '/');
    expect(res.status).toBe(200);
    expect(res.body.equals(first.files.get('index.html')!)).toBe(true);
    expect(res.headers).toMatchObject({
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'public, max-age=0, must-revalidate',
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'strict-origin-when-cross-origin',
      'x-frame-options': 'SAMEORIGIN',
      vary: 'Accept-Encoding',
    });
    expect(res.headers['content-length']).toBe(String(res.body.length));
    expect(res.headers.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(res.headers['permissions-policy']).toContain('camera=()');
    // Never the API's: no cookie, no CORS, no HSTS on http.
    for (const header of ['set-cookie', 'access-control-allow-origin', 'strict-transport-security', 'x-powered-by']) expect([header, res.headers[header]]).toEqual([header, undefined]);
  });

  it('answers 304 to a current ETag (any representation) and 200 to a stale one', async () => {
    const plain = await siteRequest(site.host, '/');
    const again = await siteRequest(site.host, '/', { headers: { 'if-none-match': String(plain.headers.etag) } });
    expect(again.status).toBe(304);
    expect(again.body.length).toBe(0);
    expect(again.headers.etag).toBe(plain.headers.etag);
    const br = await siteRequest(site.host, '/', { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.etag).not.toBe(plain.headers.etag);
    expect((await siteRequest(site.host, '/', { headers: { 'accept-encoding': 'br', 'if-none-match': `W/${br.headers.etag}` } })).status).toBe(304);
    expect((await siteRequest(site.host, '/', { headers: { 'if-none-match': '"stale-etag-of-another-file"' } })).status).toBe(200);
  });

  it('caches hashed assets for a year and other files with revalidation, each with its own type', async () => {
    const js = await siteRequest(site.host, '/assets/app-B1a2c3d4.js');
    expect(js.status).toBe(200);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    const png = await siteRequest(site.host, '/logo.png', { headers: { 'accept-encoding': 'gzip, br' } });
    expect(png.headers['content-type']).toBe('image/png');
    expect(png.headers['cache-control']).toBe('public, max-age=0, must-revalidate');
    expect(png.headers['content-encoding']).toBeUndefined();
    expect(png.body.equals(first.files.get('logo.png')!)).toBe(true);
  });

  it('sends the precompressed brotli or gzip copy the client takes, brotli first; both are the file', async () => {
    const original = first.files.get('assets/app-B1a2c3d4.js')!;
    const br = await siteRequest(site.host, '/assets/app-B1a2c3d4.js', { headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(Number(br.headers['content-length'])).toBeLessThan(original.length / 4);
    expect(brotliDecompressSync(br.body).equals(original)).toBe(true);
    const gz = await siteRequest(site.host, '/assets/app-B1a2c3d4.js', { headers: { 'accept-encoding': 'gzip' } });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).equals(original)).toBe(true);
    const none = await siteRequest(site.host, '/assets/app-B1a2c3d4.js', { headers: { 'accept-encoding': 'identity' } });
    expect(none.headers['content-encoding']).toBeUndefined();
    expect(none.body.equals(original)).toBe(true);
  });

  it('maps folders to their index.html, redirects a folder without its slash, answers HEAD without a body', async () => {
    expect(titleOf(await siteRequest(site.host, '/docs/'))).toBe('One docs');
    const redirect = await siteRequest(site.host, '/docs?x=1');
    expect([redirect.status, redirect.headers.location]).toEqual([301, '/docs/?x=1']);
    const head = await siteRequest(site.host, '/', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect(head.headers['content-length']).toBe(String(first.files.get('index.html')!.length));
  });

  it("answers a path with no file with the deployment's 404 page and status 404", async () => {
    const res = await siteRequest(site.host, '/no/such/page');
    expect(res.status).toBe(404);
    expect(titleOf(res)).toBe('Lost (One)');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
  });

  it('refuses other methods with 405 and Allow, and bad paths with 400 and a code, never a 500', async () => {
    for (const method of ['PUT', 'DELETE', 'PATCH', 'OPTIONS', 'POST']) {
      const res = await siteRequest(site.host, '/', { method });
      expect([method, res.status, res.headers.allow, res.headers['x-studio-error']]).toEqual([method, 405, 'GET, HEAD', 'METHOD_NOT_ALLOWED']);
    }
    const cases: [string, string][] = [
      ['/%2e%2e/%2e%2e/etc/passwd', 'PATH_TRAVERSAL'],
      ['/a%5c..%5cb', 'PATH_BACKSLASH'],
      ['/a%00.html', 'PATH_CONTROL_CHARACTER'],
      ['/%E0%A4%A', 'VALIDATION_FAILED'],
      [`/${'a'.repeat(5000)}`, 'PATH_TOO_LONG'],
    ];
    for (const [path, code] of cases) {
      const res = await siteRequest(site.host, path);
      expect([path.slice(0, 30), res.status, res.headers['x-studio-error']]).toEqual([path.slice(0, 30), 400, code]);
    }
  });

  it('answers an unknown host, the bare domain and a direct address with a neutral 404', async () => {
    for (const host of [siteHost('no-such-site-here'), `unknown-${randomUUID().slice(0, 6)}.example.com`, `127.0.0.1:${siteHost('x').split(':')[1]}`]) {
      const res = await siteRequest(host, '/');
      expect([host, res.status, res.headers['x-studio-error']]).toEqual([host, 404, 'SITE_NOT_FOUND']);
      expect(res.body.toString()).toContain('There is no site here.');
    }
  });

  it('serves every form of the same host alike (case, trailing dot)', async () => {
    const [name, port] = site.host.split(':');
    for (const host of [`${name.toUpperCase()}:${port}`, `${name}.:${port}`]) expect([host, titleOf(await siteRequest(host, '/'))]).toEqual([host, 'One']);
  });
});

describe('site host: the live pointer', () => {
  it('moves at once on the change notice, never mixing deployments; rollback and unpublish too', async () => {
    const site = await seedSite();
    const one = await seedDeployment(site, 'One', 1);
    await notify(site.siteId);
    expect(titleOf(await siteRequest(site.host, '/'))).toBe('One');

    const two = await seedDeployment(site, 'Two', 2);
    expect(two.live).toBe(true);
    const notified = Date.now();
    await notify(site.siteId);
    // The notice takes it at once (well inside the 2 s the host would otherwise trust what it remembered).
    const seen = await eventually(async () => ((await siteRequest(site.host, '/')).body.includes('Two') ? true : undefined), 1500, 'the new deployment');
    expect(seen).toBe(true);
    expect(Date.now() - notified).toBeLessThan(1500);
    expect(titleOf(await siteRequest(site.host, '/no-such'))).toBe('Lost (Two)');

    await sites.rollback(owner.userId, site.siteId, one.id);
    await notify(site.siteId);
    await eventually(async () => (titleOf(await siteRequest(site.host, '/')) === 'One' ? true : undefined), 1500, 'the rollback');

    await sites.unpublish(owner.userId, site.siteId);
    await notify(site.siteId);
    const gone = await eventually(
      async () => {
        const res = await siteRequest(site.host, '/');
        return res.status === 404 ? res : undefined;
      },
      1500,
      'the unpublish',
    );
    expect(gone.headers['x-studio-error']).toBe('SITE_NOT_FOUND');
    const form = await siteRequest(site.host, '/_forms/waitlist', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"email":"a@b.test"}' });
    expect(form.status).toBe(404);
  });

  it('answers 502 with a code when the store lost a file of the live deployment, and keeps serving the rest', async () => {
    const site = await seedSite();
    const deployed = await seedDeployment(site, 'Damaged', 1);
    await notify(site.siteId);
    const row = await deployments.findById(deployed.id);
    await store.delete(row!.manifest!.files['logo.png'].key);
    const lost = await siteRequest(site.host, '/logo.png');
    expect([lost.status, lost.headers['x-studio-error']]).toEqual([502, 'DEPENDENCY_DOWN']);
    expect(titleOf(await siteRequest(site.host, '/'))).toBe('Damaged');
  });

  it('counts requests and bytes per site and writes them within seconds', async () => {
    const site = await seedSite();
    const deployed = await seedDeployment(site, 'Counted', 1);
    await notify(site.siteId);
    for (let i = 0; i < 3; i++) expect((await siteRequest(site.host, '/logo.png')).status).toBe(200);
    const size = deployed.files.get('logo.png')!.length;
    const totals = await eventually(
      async () => {
        const t = await sites.trafficTotals(site.siteId);
        return t.requests >= 3 ? t : undefined;
      },
      15_000,
      'the traffic flush',
    );
    expect(totals).toEqual({ requests: 3, bytes: 3 * size });
  });
});

describe('site host: forms', () => {
  let site: Seeded;
  let other: Seeded;
  beforeAll(async () => {
    site = await seedSite();
    await seedDeployment(site, 'Forms', 1);
    other = await seedSite();
    await seedDeployment(other, 'Other', 1);
    await notify(site.siteId);
    await notify(other.siteId);
  });

  const address = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
  const post = (target: Seeded, form: string, contentType: string, body: string | Buffer, headers: Record<string, string> = {}) =>
    siteRequest(target.host, `/_forms/${form}`, { method: 'POST', headers: { 'content-type': contentType, 'x-forwarded-for': address(), ...headers }, body });
  const json = (r: SiteReply) => JSON.parse(r.body.toString('utf8'));

  it('stores a JSON and a urlencoded post with their page, answers 201 with the id, and tells the webhook', async () => {
    const receiver = await WebhookReceiver.start();
    try {
      expect((await owner.client.post('/api/webhooks', { url: receiver.url('/forms'), events: ['form.submitted'] })).status).toBe(201);
      const a = await post(site, 'waitlist', 'application/json', JSON.stringify({ email: 'a@example.test', seats: 2, _page: '/pricing' }));
      expect([a.status, json(a).ok]).toEqual([201, true]);
      const b = await post(site, 'contact', 'application/x-www-form-urlencoded', `name=Ann+Lee&message=Hi%21&${FORM_HONEYPOT_FIELD}=`, { referer: `http://${site.host}/contact/?x=1` });
      expect(b.status).toBe(201);
      const stored = await submissions.page(owner.userId, site.siteId, { limit: 10 });
      const byId = new Map(stored.items.map((s) => [s.id, s]));
      expect(byId.get(json(a).id)).toMatchObject({ form: 'waitlist', page: '/pricing', data: { email: 'a@example.test', seats: '2' } });
      expect(byId.get(json(b).id)).toMatchObject({ form: 'contact', page: '/contact/', data: { name: 'Ann Lee', message: 'Hi!' } });
      // The visitor's address is kept nowhere, only a hash.
      expect(JSON.stringify([...byId.values()])).not.toMatch(/10\.\d+\.\d+\.\d+/);
      const delivered = await receiver.waitFor((d) => d.json?.event === 'form.submitted' && d.json.data.submissionId === json(a).id, 20_000, 'form.submitted');
      expect(delivered.json.data).toEqual({
        projectId: site.projectId,
        siteId: site.siteId,
        form: 'waitlist',
        page: '/pricing',
        submissionId: json(a).id,
        data: { email: 'a@example.test', seats: '2' },
      });
    } finally {
      await receiver.close();
    }
  });

  it('refuses a filled honeypot (422, stored nowhere), a bad body or name (400), a large body (413)', async () => {
    const before = (await submissions.page(owner.userId, site.siteId, { limit: 200 })).items.length;
    const bot = await post(site, 'waitlist', 'application/json', JSON.stringify({ email: 'bot@spam.test', [FORM_HONEYPOT_FIELD]: 'http://spam.test' }));
    expect([bot.status, json(bot).error.code]).toEqual([422, 'FORM_REJECTED']);
    for (const [form, type, body] of [
      ['waitlist', 'application/json', '{"nested":{"a":1}}'],
      ['waitlist', 'text/plain', 'email=a'],
      ['Bad_Name', 'application/json', '{"email":"a"}'],
    ]) {
      const res = await post(site, form, type, body);
      expect([form, type, res.status, json(res).error.code]).toEqual([form, type, 400, 'FORM_INVALID']);
    }
    const large = await post(site, 'waitlist', 'application/json', JSON.stringify({ message: 'x'.repeat(20_000) }));
    expect([large.status, json(large).error.code]).toEqual([413, 'FORM_TOO_LARGE']);
    expect((await submissions.page(owner.userId, site.siteId, { limit: 200 })).items.length).toBe(before);
  });

  it('limits one address per site (429 with Retry-After), and never touches another site', async () => {
    const flooder = address();
    const limit = Number(process.env.FORM_RATE_PER_MINUTE ?? 5);
    const otherBefore = (await submissions.page(owner.userId, other.siteId, { limit: 200 })).items.length;
    const statuses: number[] = [];
    for (let i = 0; i <= limit; i++) statuses.push((await post(site, 'waitlist', 'application/json', JSON.stringify({ email: `f${i}@x.test` }), { 'x-forwarded-for': flooder })).status);
    expect(statuses).toEqual([...Array(limit).fill(201), 429]);
    const refused = await post(site, 'waitlist', 'application/json', '{"email":"again@x.test"}', { 'x-forwarded-for': flooder });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(json(refused).error.code).toBe('FORM_RATE_LIMITED');
    // The same address on another site is another count; its rows only ever come from its own host.
    const elsewhere = await post(other, 'waitlist', 'application/json', '{"email":"b@x.test"}', { 'x-forwarded-for': flooder });
    expect(elsewhere.status).toBe(201);
    const otherRows = (await submissions.page(owner.userId, other.siteId, { limit: 200 })).items;
    expect(otherRows.length).toBe(otherBefore + 1);
    expect(otherRows.every((s) => !String(s.data.email).startsWith('f'))).toBe(true);
  });
});
