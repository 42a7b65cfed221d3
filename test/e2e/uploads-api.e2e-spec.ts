import { jest } from '@jest/globals';
import { S3ObjectStore } from '@studio/files';
import pg from 'pg';
import sharp from 'sharp';
import { API_URL, Client, eventually, type Json, type Reply, type SignedUp, signUp } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';

jest.setTimeout(120_000);

/**
 * The uploads and assets routes' own refusals against the real API (docs/API.md "Assets and uploads"): every
 * input the API can judge without the worker answers a stable code, never a 500. The worker's side (checking
 * the bytes, the versions it makes) is test/e2e/assets.e2e-spec.ts.
 */
let owner: SignedUp;
let db: pg.Client;
let store: S3ObjectStore;
beforeAll(async () => {
  owner = await signUp('uploads-api');
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  store = S3ObjectStore.fromEnvironment();
});
afterAll(async () => {
  await db?.end();
  store?.destroy();
});

async function project(client = owner.client): Promise<string> {
  const created = await client.post('/api/projects', { name: 'Uploads' });
  expect(created.status).toBe(201);
  return created.body.id;
}

const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

function expectRefused(res: Reply, status: number, code: string) {
  expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
}

const ticket = (projectId: string, body: Record<string, unknown>, client = owner.client) =>
  client.post(`/api/projects/${projectId}/uploads`, { fileName: 'logo.png', contentType: 'image/png', size: PNG.length, ...body });
const complete = (projectId: string, uploadId: string, client = owner.client) => client.post(`/api/projects/${projectId}/uploads/${uploadId}/complete`);

async function putTo(url: string, contentType: string, bytes: Buffer): Promise<number> {
  return (await fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body: new Uint8Array(bytes) })).status;
}

describe('asking to upload', () => {
  it('answers a ticket whose URL takes exactly the declared bytes', async () => {
    const projectId = await project();
    const res = await ticket(projectId, {});
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ uploadId: expect.any(String), method: 'PUT', headers: { 'content-type': 'image/png' } });
    expect(Date.parse(res.body.expiresAt)).toBeGreaterThan(Date.now());
    expect(await putTo(res.body.url, 'image/png', Buffer.concat([PNG, Buffer.from('x')]))).toBe(403);
    expect(await putTo(res.body.url, 'image/png', PNG)).toBe(200);
    expect(await store.size(`projects/${projectId}/uploads/${res.body.uploadId}`)).toBe(PNG.length);
  });

  it('refuses types it does not take, sizes past the limit and malformed names, each with its code', async () => {
    const projectId = await project();
    expectRefused(await ticket(projectId, { purpose: 'chat', contentType: 'image/svg+xml' }), 415, 'UPLOAD_TYPE_NOT_ALLOWED');
    expectRefused(await ticket(projectId, { purpose: 'chat', contentType: 'font/woff2' }), 415, 'UPLOAD_TYPE_NOT_ALLOWED');
    expectRefused(await ticket(projectId, { contentType: 'text/html' }), 400, 'VALIDATION_FAILED');
    expectRefused(await ticket(projectId, { size: 10 * 1024 * 1024 + 1 }), 413, 'UPLOAD_TOO_LARGE');
    expectRefused(await ticket(projectId, { contentType: 'font/woff2', fileName: 'inter.woff2', size: 2 * 1024 * 1024 + 1 }), 413, 'UPLOAD_TOO_LARGE');
    expectRefused(await ticket(projectId, { size: 0 }), 400, 'VALIDATION_FAILED');
    expectRefused(await ticket(projectId, { size: 1.5 }), 400, 'VALIDATION_FAILED');
    expectRefused(await ticket(projectId, { fileName: 'lo\u0000go.png' }), 400, 'VALIDATION_FAILED');
    expectRefused(await ticket(projectId, { fileName: 'a'.repeat(100_000) }), 400, 'VALIDATION_FAILED');
    expectRefused(await ticket(projectId, { alt: 'x'.repeat(301) }), 400, 'VALIDATION_FAILED');
    expectRefused(await ticket(projectId, { replaces: 'public/assets/none.png' }), 404, 'ASSET_NOT_FOUND');
    expectRefused(await ticket(projectId, { purpose: 'chat', replaces: 'public/assets/none.png' }), 400, 'VALIDATION_FAILED');
  });

  it("refuses another user's project as a missing one, and anyone signed out", async () => {
    const projectId = await project();
    const stranger = await signUp('uploads-api-stranger');
    expectRefused(await ticket(projectId, {}, stranger.client), 404, 'PROJECT_NOT_FOUND');
    expectRefused(await ticket('not-a-uuid', {}), 404, 'PROJECT_NOT_FOUND');
    expect((await ticket(projectId, {}, new Client())).status).toBe(401);
  });
});

describe('completing', () => {
  it('an upload whose bytes have not arrived is incomplete; completing twice answers the same upload', async () => {
    const projectId = await project();
    const { body } = await ticket(projectId, {});
    expectRefused(await complete(projectId, body.uploadId), 409, 'UPLOAD_INCOMPLETE');
    expect((await owner.client.get(`/api/projects/${projectId}/uploads/${body.uploadId}`)).body).toMatchObject({ id: body.uploadId, status: 'pending', size: PNG.length });
    expect(await putTo(body.url, 'image/png', PNG)).toBe(200);
    const first = await complete(projectId, body.uploadId);
    expect(first.status).toBe(202);
    expect(first.body).toMatchObject({ id: body.uploadId, projectId, purpose: 'asset', fileName: 'logo.png', contentType: 'image/png' });
    expect(first.body.status).not.toBe('pending');
    const second = await complete(projectId, body.uploadId);
    expect(second.status).toBe(202);
    expect(second.body.id).toBe(body.uploadId);
    expect(second.body.status).not.toBe('pending');
  });

  it("a stranger's upload id, and one of another project, are not found (the same answer as a missing one)", async () => {
    const projectId = await project();
    const otherProject = await project();
    const { body } = await ticket(projectId, {});
    const stranger = await signUp('uploads-api-stranger');
    const theirs = await project(stranger.client);
    expectRefused(await complete(theirs, body.uploadId, stranger.client), 404, 'UPLOAD_NOT_FOUND');
    expectRefused(await stranger.client.get(`/api/projects/${theirs}/uploads/${body.uploadId}`), 404, 'UPLOAD_NOT_FOUND');
    expectRefused(await complete(otherProject, body.uploadId), 404, 'UPLOAD_NOT_FOUND');
    expectRefused(await owner.client.get(`/api/projects/${otherProject}/uploads/${body.uploadId}`), 404, 'UPLOAD_NOT_FOUND');
    expectRefused(await complete(projectId, '00000000-0000-4000-8000-000000000000'), 404, 'UPLOAD_NOT_FOUND');
    expectRefused(await complete(projectId, 'not-a-uuid'), 404, 'UPLOAD_NOT_FOUND');
    expectRefused(await owner.client.get(`/api/projects/${projectId}/uploads/${body.uploadId}/content`), 404, 'UPLOAD_NOT_FOUND');
    expect((await owner.client.get(`/api/projects/${projectId}/uploads/${body.uploadId}`)).body.status).toBe('pending');
  });

  it('an upload completed past its expiry is expired and its bytes deleted', async () => {
    const projectId = await project();
    const { body } = await ticket(projectId, {});
    expect(await putTo(body.url, 'image/png', PNG)).toBe(200);
    await db.query(`UPDATE uploads SET expires_at = now() - interval '1 second' WHERE id = $1`, [body.uploadId]);
    expectRefused(await complete(projectId, body.uploadId), 410, 'UPLOAD_EXPIRED');
    expectRefused(await complete(projectId, body.uploadId), 410, 'UPLOAD_EXPIRED');
    expect((await owner.client.get(`/api/projects/${projectId}/uploads/${body.uploadId}`)).body.status).toBe('expired');
    expect(await store.size(`projects/${projectId}/uploads/${body.uploadId}`)).toBeNull();
  });

  it('a chat picture that is not processed yet has no content', async () => {
    const projectId = await project();
    const { body } = await ticket(projectId, { purpose: 'chat' });
    expectRefused(await owner.client.get(`/api/projects/${projectId}/uploads/${body.uploadId}/content`), 409, 'UPLOAD_INCOMPLETE');
  });
});

describe('assets of a version', () => {
  it('lists a file with no metadata, sets its alt, and deletes it as a new version', async () => {
    const projectId = await project();
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><rect width="10" height="10"/></svg>';
    const put = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent('public/assets/wave.svg')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/octet-stream' },
      body: svg,
    });
    expect(put.status).toBe(200);
    const version = ((await put.json()) as { version: number }).version;
    const listed = await owner.client.get(`/api/projects/${projectId}/assets`);
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual([{ path: 'public/assets/wave.svg', url: '/assets/wave.svg', kind: 'image', contentType: 'image/svg+xml', bytes: svg.length, alt: '', variants: [] }]);
    expect((await owner.client.get(`/api/projects/${projectId}/assets?version=1`)).body).toEqual([]);

    const alt = await owner.client.patch(`/api/projects/${projectId}/assets`, { path: 'public/assets/wave.svg', alt: 'A wave' });
    expect(alt.status).toBe(200);
    expect(alt.body).toMatchObject({ path: 'public/assets/wave.svg', alt: 'A wave' });
    expect((await owner.client.get(`/api/projects/${projectId}/assets?version=${version}`)).body[0].alt).toBe('A wave');

    expectRefused(await owner.client.delete(`/api/projects/${projectId}/assets?path=public/assets/wave.svg&baseVersion=1`), 404, 'ASSET_NOT_FOUND');
    const deleted = await owner.client.delete(`/api/projects/${projectId}/assets?path=public/assets/wave.svg`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ version: version + 1 });
    expect((await owner.client.get(`/api/projects/${projectId}/assets`)).body).toEqual([]);
    const [newest] = (await owner.client.get(`/api/projects/${projectId}/versions`)).body;
    expect(newest).toMatchObject({ number: version + 1, source: 'user', message: 'Deleted asset wave.svg' });
  });

  it('refuses what names no asset, and bad versions, with codes', async () => {
    const projectId = await project();
    expectRefused(await owner.client.get(`/api/projects/${projectId}/assets?version=abc`), 400, 'VALIDATION_FAILED');
    expectRefused(await owner.client.get(`/api/projects/${projectId}/assets?version=999`), 404, 'VERSION_NOT_FOUND');
    expectRefused(await owner.client.patch(`/api/projects/${projectId}/assets`, { path: 'public/assets/none.png', alt: 'x' }), 404, 'ASSET_NOT_FOUND');
    expectRefused(await owner.client.patch(`/api/projects/${projectId}/assets`, { path: 'src/App.tsx', alt: 'x' }), 404, 'ASSET_NOT_FOUND');
    expectRefused(await owner.client.patch(`/api/projects/${projectId}/assets`, { path: 'public/assets/a.png', alt: 'a\u0000' }), 400, 'VALIDATION_FAILED');
    expectRefused(await owner.client.delete(`/api/projects/${projectId}/assets?path=public/assets/none.png`), 404, 'ASSET_NOT_FOUND');
    expectRefused(await owner.client.delete(`/api/projects/${projectId}/assets`), 400, 'VALIDATION_FAILED');
    const stranger = await signUp('uploads-api-stranger');
    expectRefused(await stranger.client.get(`/api/projects/${projectId}/assets`), 404, 'PROJECT_NOT_FOUND');
  });
});

describe('after the worker', () => {
  /** Ticket, PUT, complete, then the upload as it is once the worker is done with it. */
  async function processed(projectId: string, body: Record<string, unknown>, bytes: Buffer): Promise<Json> {
    const started = await ticket(projectId, { ...body, size: bytes.length });
    expect(started.status).toBe(201);
    expect(await putTo(started.body.url, String(body.contentType), bytes)).toBe(200);
    expect((await complete(projectId, started.body.uploadId)).status).toBe(202);
    return eventually(
      async () => {
        const view = (await owner.client.get(`/api/projects/${projectId}/uploads/${started.body.uploadId}`)).body;
        return view.status === 'done' || view.status === 'refused' ? view : undefined;
      },
      60_000,
      'the upload to be processed',
    );
  }

  it('a done asset upload shows its asset; deleting the asset takes its variants in one version', async () => {
    const projectId = await project();
    const photo = await sharp({ create: { width: 1000, height: 500, channels: 3, background: '#336699' } })
      .jpeg()
      .toBuffer();
    const view = await processed(projectId, { fileName: 'Wide Shot.jpg', contentType: 'image/jpeg', alt: 'Blue' }, photo);
    expect(view).toMatchObject({ status: 'done', purpose: 'asset', version: expect.any(Number) });
    const path: string = view.asset.path;
    expect(view.asset).toMatchObject({ url: path.replace('public/', '/'), kind: 'image', contentType: 'image/jpeg', width: 1000, height: 500, alt: 'Blue' });
    const variants: string[] = view.asset.variants.map((v: { path: string }) => v.path);
    expect(variants.length).toBeGreaterThan(0);
    const listed = (await owner.client.get(`/api/projects/${projectId}/assets`)).body as { path: string }[];
    expect(listed.map((a) => a.path)).toEqual([path]);

    const deleted = await owner.client.delete(`/api/projects/${projectId}/assets?path=${encodeURIComponent(path)}&baseVersion=${view.version}`);
    expect(deleted.status).toBe(200);
    expect(deleted.body).toEqual({ version: view.version + 1 });
    const files = ((await owner.client.get(`/api/projects/${projectId}/files`)).body as { path: string }[]).map((f) => f.path);
    for (const gone of [path, ...variants]) expect(files).not.toContain(gone);
    // The earlier version still lists it, with the metadata of its bytes.
    expect((await owner.client.get(`/api/projects/${projectId}/assets?version=${view.version}`)).body).toEqual([expect.objectContaining({ path, alt: 'Blue' })]);
  });

  it("a done chat picture's bytes are served to its owner only, privately and not sniffed", async () => {
    const projectId = await project();
    const shot = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const view = await processed(projectId, { fileName: 'shot.png', contentType: 'image/png', purpose: 'chat' }, shot);
    expect(view).toMatchObject({ status: 'done', purpose: 'chat', image: { width: 40, height: 30, contentType: 'image/png' } });
    const res = await fetch(`${API_URL}/api/projects/${projectId}/uploads/${view.id}/content`, { headers: { authorization: `Bearer ${owner.accessToken}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('cache-control')).toMatch(/^private/);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(40);
    const stranger = await signUp('uploads-api-stranger');
    expectRefused(await stranger.client.get(`/api/projects/${projectId}/uploads/${view.id}/content`), 404, 'PROJECT_NOT_FOUND');
  });
});

describe('limits per person', () => {
  // A second API on the same services with a small quota and pending limit.
  let api: AppProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = new AppProcess('api', { PORT: String(port), USER_STORAGE_QUOTA_BYTES: '1000', USER_MAX_PENDING_UPLOADS: '2' });
    await waitForHealth(url);
  });
  afterAll(() => api?.stop());

  it('refuses past the storage quota (STORAGE_QUOTA_EXCEEDED with what is used) and past the pending limit (RATE_LIMITED)', async () => {
    const user = await signUp('uploads-api-limits', url);
    const client = new Client(user.accessToken, url);
    const projectId = await project(client);
    expect((await ticket(projectId, { size: 600 }, client)).status).toBe(201);
    const over = await ticket(projectId, { size: 401 }, client);
    expectRefused(over, 403, 'STORAGE_QUOTA_EXCEEDED');
    expect(over.body.error.details).toMatchObject({ used: 600, limit: 1000, size: 401 });
    expect((await ticket(projectId, { size: 400 }, client)).status).toBe(201);
    const third = await ticket(projectId, { size: 1 }, client);
    expectRefused(third, 429, 'RATE_LIMITED');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
