import { randomBytes, randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { createDataSource, DeploymentsRepository, FormSubmissionsRepository, SitesRepository } from '@studio/data';
import type { Socket } from 'socket.io-client';
import type { DataSource } from 'typeorm';
import { API_URL, connectSocket, emitWithAck, type SignedUp, signUp } from './support/api.js';
import { EventLog } from './support/turns.js';

jest.setTimeout(120_000);

/**
 * The publishing API against the real stack (docs/API.md "Sites and publishing"): site settings and slugs,
 * deployments, rollback and unpublish, the publish target, form submissions and their CSV, and that another
 * person reaches none of it. Deployments that must be ready or failed are written through the repositories
 * (the worker's publish has its own test, publish.e2e-spec.ts), so these checks do not wait for builds.
 */
let owner: SignedUp;
let other: SignedUp;
let socket: Socket;
let log: EventLog;
let db: DataSource;
beforeAll(async () => {
  owner = await signUp('sites');
  other = await signUp('sites-other');
  socket = await connectSocket(owner.accessToken);
  log = new EventLog(socket);
  db = createDataSource(process.env.DATABASE_URL ?? '', { poolSize: 2 });
  await db.initialize();
});
afterAll(async () => {
  socket?.close();
  await db?.destroy();
});

const uniqueSlug = (tag: string) => `${tag}-${randomBytes(4).toString('hex')}`;

async function newProject(user: SignedUp, name = 'Launch Party'): Promise<string> {
  const created = await user.client.post('/api/projects', { name });
  expect(created.status).toBe(201);
  if (user === owner) expect(await emitWithAck(socket, 'project:join', { projectId: created.body.id })).toMatchObject({ ok: true });
  return created.body.id;
}

const put = (user: SignedUp, path: string, body: unknown) => user.client.request('PUT', path, body);
const code = (res: { status: number; body: { error?: { code: string } } }) => [res.status, res.body?.error?.code];

// A 1×1 PNG, for an Open Graph image the project has.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

async function writeFile(user: SignedUp, projectId: string, path: string, bytes: Buffer): Promise<number> {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${user.accessToken}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { version: number }).version;
}

/** A deployment the worker would have built, made ready (and live unless the pointer moved since) through the repositories. */
async function readyDeployment(siteId: string, projectId: string, ownerId: string, version = 1): Promise<string> {
  const d = await new DeploymentsRepository(db).create({ siteId, projectId, ownerId, version, targetKind: 'builtin' });
  const manifest = {
    files: { 'index.html': { key: `projects/${projectId}/deployments/${d.id}/index.html`, size: 10, etag: `"${d.id.slice(0, 22)}"`, contentType: 'text/html; charset=utf-8', immutable: false } },
    notFound: '404.html',
  };
  await new SitesRepository(db).activate(d.id, { manifest, fileCount: 1, sizeBytes: 10, buildMs: 5, publishMs: 9 });
  return d.id;
}

describe('site settings', () => {
  it('has no site before the first save; PUT creates it with the slug normalised; later PUTs change only what they name', async () => {
    const projectId = await newProject(owner);
    expect(code(await owner.client.get(`/api/projects/${projectId}/site`))).toEqual([404, 'SITE_NOT_FOUND']);
    const slug = uniqueSlug('my-site');
    const created = await put(owner, `/api/projects/${projectId}/site`, { slug: `  ${slug.toUpperCase()} `, title: 'Hello' });
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      projectId,
      slug,
      liveDeploymentId: null,
      liveVersion: null,
      publishedAt: null,
      settings: { title: 'Hello', description: null, imagePath: null, noindex: false },
      target: { kind: 'builtin' },
      traffic: { requests: 0, bytes: 0 },
    });
    expect(created.body.url).toMatch(new RegExp(`^https?://${slug}\\.[^/]+/$`));
    expect((await owner.client.get(`/api/projects/${projectId}/site`)).body).toEqual(created.body);

    const changed = await put(owner, `/api/projects/${projectId}/site`, { description: 'The best party', noindex: true });
    expect(changed.body).toMatchObject({ id: created.body.id, slug, settings: { title: 'Hello', description: 'The best party', noindex: true } });
    const cleared = await put(owner, `/api/projects/${projectId}/site`, { title: null, description: '' });
    expect(cleared.body.settings).toEqual({ title: null, description: null, imagePath: null, noindex: true });
    // Every change is told to the project's sockets.
    const updated = await log.waitFor((e) => e.name === 'site:updated' && e.payload.site.id === created.body.id && e.payload.site.settings.noindex === true, 10_000, 'site:updated');
    expect(updated.payload).toMatchObject({ projectId, site: { slug } });
  });

  it('takes an image of the head under public/assets/ for Open Graph, and refuses one the project does not have', async () => {
    const projectId = await newProject(owner);
    expect(code(await put(owner, `/api/projects/${projectId}/site`, { imagePath: 'public/assets/og.png' }))).toEqual([404, 'ASSET_NOT_FOUND']);
    expect(code(await put(owner, `/api/projects/${projectId}/site`, { imagePath: 'src/App.tsx' }))).toEqual([404, 'ASSET_NOT_FOUND']);
    // Nothing was created by the refused requests.
    expect(code(await owner.client.get(`/api/projects/${projectId}/site`))).toEqual([404, 'SITE_NOT_FOUND']);
    await writeFile(owner, projectId, 'public/assets/og.png', PNG);
    const saved = await put(owner, `/api/projects/${projectId}/site`, { imagePath: 'public/assets/og.png' });
    expect(saved.status).toBe(200);
    expect(saved.body.settings.imagePath).toBe('public/assets/og.png');
    expect((await put(owner, `/api/projects/${projectId}/site`, { imagePath: null })).body.settings.imagePath).toBeNull();
  });

  it('generates a slug from the project name when none is given', async () => {
    const projectId = await newProject(owner, 'Café Launch!');
    const saved = await put(owner, `/api/projects/${projectId}/site`, {});
    expect(saved.status).toBe(200);
    expect(saved.body.slug).toMatch(/^cafe-launch-[a-z0-9]{4}$/);
  });

  it('refuses reserved, malformed and taken slugs; a taken one is 409 whoever holds it', async () => {
    const projectId = await newProject(owner);
    for (const slug of ['www', 'api', 'ab', 'xn--shop', '-shop', 'shop-', 'sh_op', 'a'.repeat(64), 'shop.example']) {
      const res = await put(owner, `/api/projects/${projectId}/site`, { slug });
      expect({ slug, status: res.status, code: res.body?.error?.code, fields: Object.keys(res.body?.error?.details?.fields ?? {}) }).toEqual({
        slug,
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['slug'],
      });
    }
    const taken = uniqueSlug('taken');
    expect((await put(owner, `/api/projects/${projectId}/site`, { slug: taken })).status).toBe(200);
    // Saving the site's own slug again is no change, not a conflict.
    expect((await put(owner, `/api/projects/${projectId}/site`, { slug: taken, title: 'Same' })).status).toBe(200);
    const theirs = await newProject(other);
    expect(code(await put(other, `/api/projects/${theirs}/site`, { slug: taken }))).toEqual([409, 'SLUG_TAKEN']);
    expect(code(await put(other, `/api/projects/${theirs}/site`, { slug: taken.toUpperCase() }))).toEqual([409, 'SLUG_TAKEN']);
    // A second site of the owner's cannot take it either, by creating or by renaming.
    const second = await newProject(owner);
    expect(code(await put(owner, `/api/projects/${second}/site`, { slug: taken }))).toEqual([409, 'SLUG_TAKEN']);
    expect((await put(owner, `/api/projects/${second}/site`, {})).status).toBe(200);
    expect(code(await put(owner, `/api/projects/${second}/site`, { slug: taken }))).toEqual([409, 'SLUG_TAKEN']);
  });
});

describe('deployments', () => {
  it('publishing creates the site, queues the head version, and lists newest first', async () => {
    const projectId = await newProject(owner);
    expect(code(await owner.client.post(`/api/projects/${projectId}/deployments`, { version: 99 }))).toEqual([404, 'VERSION_NOT_FOUND']);
    for (const version of ['1', true, 0, 1.5]) expect(code(await owner.client.post(`/api/projects/${projectId}/deployments`, { version }))).toEqual([400, 'VALIDATION_FAILED']);
    expect((await owner.client.get(`/api/projects/${projectId}/deployments`)).body).toEqual([]);

    const first = await owner.client.post(`/api/projects/${projectId}/deployments`, {});
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ projectId, version: 1, status: 'queued', progress: 0, live: false, target: 'builtin' });
    const site = (await owner.client.get(`/api/projects/${projectId}/site`)).body;
    expect(site).toMatchObject({ projectId, id: first.body.siteId, liveDeploymentId: null });
    expect(site.slug).toMatch(/^launch-party-[a-z0-9]{4}$/);

    const second = await owner.client.post(`/api/projects/${projectId}/deployments`, { version: 1 });
    expect(second.status).toBe(202);
    const listed = (await owner.client.get(`/api/projects/${projectId}/deployments`)).body;
    expect(listed.map((d: { id: string }) => d.id)).toEqual([second.body.id, first.body.id]);

    const got = await owner.client.get(`/api/deployments/${first.body.id}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({ id: first.body.id, siteId: site.id, projectId, version: 1 });
    expect(['queued', 'building', 'ready', 'failed']).toContain(got.body.status);
    expect(code(await owner.client.get(`/api/deployments/${randomUUID()}`))).toEqual([404, 'DEPLOYMENT_NOT_FOUND']);
    expect(code(await owner.client.get('/api/deployments/not-a-uuid'))).toEqual([404, 'DEPLOYMENT_NOT_FOUND']);
  });
});

describe('rollback and unpublish', () => {
  it('move the live pointer at once; a failed, unknown or other site’s deployment is refused', async () => {
    const projectId = await newProject(owner);
    const site = (await put(owner, `/api/projects/${projectId}/site`, { slug: uniqueSlug('roll') })).body;
    expect(code(await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: randomUUID() }))).toEqual([404, 'DEPLOYMENT_NOT_FOUND']);

    const v1 = await readyDeployment(site.id, projectId, owner.userId);
    const version2 = await writeFile(owner, projectId, 'src/Extra.ts', Buffer.from('export const extra = 2;\n'));
    const v2 = await readyDeployment(site.id, projectId, owner.userId, version2);
    const deployments = new DeploymentsRepository(db);
    const failed = await deployments.create({ siteId: site.id, projectId, ownerId: owner.userId, version: version2, targetKind: 'builtin' });
    await deployments.markFailed(failed.id, { code: 'PUBLISH_BUILD_FAILED', message: 'The build failed.' });

    expect((await owner.client.get(`/api/projects/${projectId}/site`)).body).toMatchObject({ liveDeploymentId: v2, liveVersion: version2 });
    expect((await owner.client.get(`/api/deployments/${v2}`)).body).toMatchObject({ status: 'ready', live: true, fileCount: 1, sizeBytes: 10, buildMs: 5, publishMs: 9 });

    const rolled = await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: v1 });
    expect(rolled.status).toBe(200);
    expect(rolled.body).toMatchObject({ id: site.id, liveDeploymentId: v1, liveVersion: 1 });
    expect(rolled.body.publishedAt).toEqual(expect.any(String));
    expect((await owner.client.get(`/api/deployments/${v1}`)).body.live).toBe(true);
    expect((await owner.client.get(`/api/deployments/${v2}`)).body.live).toBe(false);
    await log.waitFor((e) => e.name === 'site:updated' && e.payload.site.id === site.id && e.payload.site.liveDeploymentId === v1, 10_000, 'site:updated after the rollback');

    expect(code(await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: failed.id }))).toEqual([409, 'DEPLOYMENT_NOT_READY']);
    // One whose files retention removed cannot come back either.
    const pruned = await readyDeployment(site.id, projectId, owner.userId);
    await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: v1 });
    expect(await deployments.markFilesDeleted(pruned)).toBe(true);
    expect(code(await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: pruned }))).toEqual([409, 'DEPLOYMENT_NOT_READY']);
    expect(code(await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: 'v1' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await owner.client.post(`/api/projects/${projectId}/site/rollback`, {}))).toEqual([400, 'VALIDATION_FAILED']);
    // A deployment of another of the owner's sites is not this site's.
    const elsewhere = await newProject(owner);
    const elsewhereSite = (await put(owner, `/api/projects/${elsewhere}/site`, {})).body;
    const foreign = await readyDeployment(elsewhereSite.id, elsewhere, owner.userId);
    expect(code(await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: foreign }))).toEqual([404, 'DEPLOYMENT_NOT_FOUND']);
    expect((await owner.client.get(`/api/projects/${projectId}/site`)).body.liveDeploymentId).toBe(v1);

    const down = await owner.client.post(`/api/projects/${projectId}/site/unpublish`);
    expect(down.status).toBe(200);
    expect(down.body).toMatchObject({ liveDeploymentId: null, liveVersion: null, publishedAt: null });
    expect((await owner.client.get(`/api/deployments/${v1}`)).body).toMatchObject({ status: 'ready', live: false });
    await log.waitFor((e) => e.name === 'site:updated' && e.payload.site.id === site.id && e.payload.site.liveDeploymentId === null, 10_000, 'site:updated after unpublishing');
    // A rollback brings it back.
    expect((await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: v2 })).body).toMatchObject({ liveDeploymentId: v2 });
  });

  it('need a site', async () => {
    const projectId = await newProject(owner);
    expect(code(await owner.client.post(`/api/projects/${projectId}/site/unpublish`))).toEqual([404, 'SITE_NOT_FOUND']);
    expect(code(await owner.client.post(`/api/projects/${projectId}/site/rollback`, { deploymentId: randomUUID() }))).toEqual([404, 'SITE_NOT_FOUND']);
  });
});

describe('the publish target', () => {
  it('stores a bucket with its secret sealed, never answers the secret, and refuses an internal endpoint', async () => {
    const projectId = await newProject(owner);
    const secretAccessKey = `secret-${randomBytes(12).toString('hex')}`;
    const bucket = {
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      bucket: 'my-site',
      prefix: 'www/',
      accessKeyId: 'AKIATEST',
      secretAccessKey,
      forcePathStyle: true,
      publicUrl: 'https://my-site.example.test',
    };
    const saved = await put(owner, `/api/projects/${projectId}/site/target`, bucket);
    expect(saved.status).toBe(200);
    expect(saved.body.target).toEqual({
      kind: 's3',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      bucket: 'my-site',
      prefix: 'www/',
      accessKeyId: 'AKIATEST',
      forcePathStyle: true,
      publicUrl: 'https://my-site.example.test',
    });
    const read = await owner.client.get(`/api/projects/${projectId}/site`);
    expect(read.body.target).toEqual(saved.body.target);
    for (const answer of [saved, read]) expect(JSON.stringify(answer.body)).not.toContain(secretAccessKey);
    const [row] = await db.query('SELECT target_kind, target_secret, target_config FROM sites WHERE project_id = $1', [projectId]);
    expect(row.target_kind).toBe('s3');
    expect(row.target_secret).toMatch(/^v2:[0-9a-f]{8}:[A-Za-z0-9_-]+$/);
    expect(JSON.stringify(row)).not.toContain(secretAccessKey);
    // The next deployment goes there.
    expect((await owner.client.post(`/api/projects/${projectId}/deployments`, {})).body.target).toBe('s3');

    for (const endpoint of ['http://169.254.169.254/latest', 'http://10.0.0.5:9000', 'ftp://bucket.example.test', 'http://user:pw@127.0.0.1:9000']) {
      const res = await put(owner, `/api/projects/${projectId}/site/target`, { ...bucket, endpoint });
      expect({ endpoint, status: res.status, code: res.body?.error?.code, fields: Object.keys(res.body?.error?.details?.fields ?? {}) }).toEqual({
        endpoint,
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['endpoint'],
      });
    }
    expect(code(await put(owner, `/api/projects/${projectId}/site/target`, { kind: 's3', bucket: 'x' }))).toEqual([400, 'VALIDATION_FAILED']);
    expect(code(await put(owner, `/api/projects/${projectId}/site/target`, { kind: 'ftp' }))).toEqual([400, 'VALIDATION_FAILED']);

    const builtin = await put(owner, `/api/projects/${projectId}/site/target`, { kind: 'builtin' });
    expect(builtin.body.target).toEqual({ kind: 'builtin' });
    const [after] = await db.query('SELECT target_secret, target_config FROM sites WHERE project_id = $1', [projectId]);
    expect(after).toEqual({ target_secret: null, target_config: null });
  });
});

describe('form submissions', () => {
  it('pages newest first, filters by form, and exports CSV with formula cells defused', async () => {
    const projectId = await newProject(owner);
    const site = (await put(owner, `/api/projects/${projectId}/site`, { slug: uniqueSlug('forms') })).body;
    const submissions = new FormSubmissionsRepository(db);
    const added = [];
    for (const [form, data] of [
      ['waitlist', { email: 'a@example.test' }],
      ['contact', { name: 'Bo', message: 'Hi, "there"\nsecond line' }],
      ['waitlist', { email: '=HYPERLINK("http://evil.test","x")' }],
    ] as const) {
      added.push(await submissions.add({ siteId: site.id, form, page: '/', data: { ...data }, addressHash: 'h' }));
    }
    // Another person's site's submission never shows here.
    const theirs = await newProject(other);
    const theirSite = (await put(other, `/api/projects/${theirs}/site`, {})).body;
    await submissions.add({ siteId: theirSite.id, form: 'waitlist', page: '/', data: { email: 'theirs@example.test' }, addressHash: 'h' });

    const base = `/api/projects/${projectId}/site/forms/submissions`;
    const first = await owner.client.get(`${base}?limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.items.map((s: { id: string }) => s.id)).toEqual([added[2].id, added[1].id]);
    expect(first.body.items[1]).toEqual({ id: added[1].id, form: 'contact', page: '/', data: { name: 'Bo', message: 'Hi, "there"\nsecond line' }, createdAt: added[1].createdAt.toISOString() });
    const next = await owner.client.get(`${base}?limit=2&before=${encodeURIComponent(first.body.nextCursor)}`);
    expect(next.body).toEqual({ items: [expect.objectContaining({ id: added[0].id })] });
    const waitlist = await owner.client.get(`${base}?form=waitlist`);
    expect(waitlist.body.items.map((s: { id: string }) => s.id)).toEqual([added[2].id, added[0].id]);

    for (const query of ['limit=0', 'limit=201', 'limit=x', 'form=Not%20A%20Form', 'before=not-a-cursor', `before=${Buffer.from('{"at":"x","id":"y"}').toString('base64url')}`]) {
      expect({ query, res: code(await owner.client.get(`${base}?${query}`)) }).toEqual({ query, res: [400, 'VALIDATION_FAILED'] });
    }

    const csv = await fetch(`${API_URL}${base}.csv`, { headers: { authorization: `Bearer ${owner.accessToken}` } });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="${site.slug}-forms-submissions.csv"`);
    const lines = (await csv.text()).split('\r\n');
    expect(lines[0]).toBe('created_at,form,page,email,message,name');
    expect(lines.slice(1)).toEqual([
      `${added[2].createdAt.toISOString()},waitlist,/,"'=HYPERLINK(""http://evil.test"",""x"")",,`,
      `${added[1].createdAt.toISOString()},contact,/,,"Hi, ""there""\nsecond line",Bo`,
      `${added[0].createdAt.toISOString()},waitlist,/,a@example.test,,`,
      '',
    ]);
    const contactCsv = await fetch(`${API_URL}${base}.csv?form=contact`, { headers: { authorization: `Bearer ${owner.accessToken}` } });
    expect(contactCsv.headers.get('content-disposition')).toBe(`attachment; filename="${site.slug}-contact-submissions.csv"`);
    expect((await contactCsv.text()).split('\r\n')[0]).toBe('created_at,form,page,message,name');
    expect((await fetch(`${API_URL}${base}.csv?form=..%2Fx`, { headers: { authorization: `Bearer ${owner.accessToken}` } })).status).toBe(400);
  });

  it('need a site', async () => {
    const projectId = await newProject(owner);
    expect(code(await owner.client.get(`/api/projects/${projectId}/site/forms/submissions`))).toEqual([404, 'SITE_NOT_FOUND']);
    expect(code(await owner.client.get(`/api/projects/${projectId}/site/forms/submissions.csv`))).toEqual([404, 'SITE_NOT_FOUND']);
  });
});

describe('another person', () => {
  it('gets 404 on every route for a site not theirs, and changes nothing', async () => {
    const projectId = await newProject(owner);
    const site = (await put(owner, `/api/projects/${projectId}/site`, { slug: uniqueSlug('mine'), title: 'Mine' })).body;
    const live = await readyDeployment(site.id, projectId, owner.userId);
    const before = (await owner.client.get(`/api/projects/${projectId}/site`)).body;
    const p = `/api/projects/${projectId}`;
    const attempts: [string, string, unknown?][] = [
      ['GET', `${p}/site`],
      ['PUT', `${p}/site`, { title: 'Theirs' }],
      ['POST', `${p}/deployments`, {}],
      ['GET', `${p}/deployments`],
      ['POST', `${p}/site/rollback`, { deploymentId: live }],
      ['POST', `${p}/site/unpublish`, {}],
      ['PUT', `${p}/site/target`, { kind: 'builtin' }],
      ['GET', `${p}/site/forms/submissions`],
      ['GET', `${p}/site/forms/submissions.csv`],
    ];
    for (const [method, path, body] of attempts) {
      const res = await other.client.request(method, path, body);
      expect({ method, path, status: res.status, code: res.body?.error?.code }).toEqual({ method, path, status: 404, code: 'PROJECT_NOT_FOUND' });
    }
    expect(code(await other.client.get(`/api/deployments/${live}`))).toEqual([404, 'DEPLOYMENT_NOT_FOUND']);
    // Their own site cannot be pointed at the owner's deployment either.
    const theirs = await newProject(other);
    await put(other, `/api/projects/${theirs}/site`, {});
    expect(code(await other.client.post(`/api/projects/${theirs}/site/rollback`, { deploymentId: live }))).toEqual([404, 'DEPLOYMENT_NOT_FOUND']);

    const after = (await owner.client.get(`/api/projects/${projectId}/site`)).body;
    expect(after).toEqual(before);
    expect((await owner.client.get(`/api/projects/${projectId}/deployments`)).body.map((d: { id: string }) => d.id)).toEqual([live]);
  });
});
