import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { jest } from '@jest/globals';
import { Queue } from 'bullmq';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import type { Socket } from 'socket.io-client';
import { unzip } from '../../libs/files/src/testing/unzip.js';
import { inspectPage, launchBrowser, SCREENSHOTS } from '../templates/support/browser.js';
import { serveStatic } from '../templates/support/page-project.js';
import { API_URL, type Client, connectSocket, emitWithAck, eventually, type SignedUp, signUp } from './support/api.js';
import { EventLog } from './support/turns.js';
import { verifySignature, WebhookReceiver } from './support/webhook-receiver.js';

jest.setTimeout(180_000);

/**
 * Exports against the real stack (docs/API.md "Exports"): a source zip straight from the store, a static build in
 * an isolated container from the preview image, a build that fails, owner-only downloads, expiry.
 */
let owner: SignedUp;
let socket: Socket;
let log: EventLog;
let browser: Browser;
beforeAll(async () => {
  owner = await signUp('exports');
  socket = await connectSocket(owner.accessToken);
  log = new EventLog(socket);
  browser = await launchBrowser();
});
afterAll(async () => {
  socket?.close();
  await browser?.close();
});

async function project(client: Client): Promise<string> {
  const created = await client.post('/api/projects', { name: 'Export me' });
  expect(await emitWithAck(socket, 'project:join', { projectId: created.body.id })).toMatchObject({ ok: true });
  return created.body.id;
}

async function put(projectId: string, path: string, bytes: Buffer): Promise<number> {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${owner.accessToken}`, 'content-type': 'application/octet-stream' },
    body: bytes,
  });
  expect(res.status).toBe(200);
  return ((await res.json()) as { version: number }).version;
}

async function download(token: string, exportId: string): Promise<{ status: number; bytes: Buffer; headers: Headers }> {
  const res = await fetch(`${API_URL}/api/exports/${exportId}/download`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, headers: res.headers, bytes: Buffer.from(await res.arrayBuffer()) };
}

/** Starts an export and waits for its outcome event; checks the progress it reported on the way. */
async function exportAndWait(projectId: string, body: object) {
  const started = await owner.client.post(`/api/projects/${projectId}/exports`, body);
  expect(started.status).toBe(202);
  expect(started.body).toMatchObject({ projectId, status: 'queued', progress: 0 });
  const id: string = started.body.id;
  const outcome = await log.waitFor((e) => e.payload?.exportId === id && ['export:ready', 'export:failed'].includes(e.name), 150_000, `the outcome of export ${id}`);
  const progress = log.events.filter((e) => e.name === 'export:progress' && e.payload.exportId === id).map((e) => e.payload.progress as number);
  for (let i = 1; i < progress.length; i++) expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]);
  for (const p of progress) expect(p).toBeGreaterThan(0);
  return { id, started: started.body, outcome, progress };
}

describe('exports', () => {
  it("source: the version's files, binaries included, byte for byte; owner only; export.ready reaches a webhook", async () => {
    const receiver = await WebhookReceiver.start();
    const hook = await owner.client.post('/api/webhooks', { url: receiver.url('/exports'), events: ['export.ready'] });
    expect(hook.status).toBe(201);
    const projectId = await project(owner.client);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), randomBytes(3000)]);
    const version = await put(projectId, 'public/logo.png', png);
    const { id, started, outcome, progress } = await exportAndWait(projectId, { kind: 'source' });
    expect(started.version).toBe(version);
    expect(outcome.name).toBe('export:ready');
    expect(outcome.payload.downloadUrl).toBe(`/api/exports/${id}/download`);
    expect(progress.at(-1)).toBe(1);

    const view = await owner.client.get(`/api/exports/${id}`);
    expect(view.body).toMatchObject({ id, kind: 'source', version, status: 'ready', progress: 1, sizeBytes: expect.any(Number), expiresAt: expect.any(String) });
    const zip = await download(owner.accessToken, id);
    expect(zip.status).toBe(200);
    expect(zip.headers.get('content-type')).toBe('application/zip');
    expect(zip.headers.get('content-disposition')).toBe(`attachment; filename="export-me-v${version}-source.zip"`);
    expect(zip.bytes.length).toBe(view.body.sizeBytes);

    const entries = await unzip(zip.bytes);
    const listed = (await owner.client.get(`/api/projects/${projectId}/files?version=${version}`)).body as { path: string }[];
    expect([...entries.keys()].sort()).toEqual(listed.map((f) => f.path).sort());
    for (const { path } of listed) {
      const raw = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}&version=${version}`, { headers: { authorization: `Bearer ${owner.accessToken}` } });
      expect({ path, same: entries.get(path)!.bytes.equals(Buffer.from(await raw.arrayBuffer())) }).toEqual({ path, same: true });
    }
    expect(entries.get('public/logo.png')!.bytes.equals(png)).toBe(true);

    const delivery = await receiver.waitFor((d) => d.json?.event === 'export.ready' && d.json.data.exportId === id, 20_000, 'export.ready at the webhook');
    expect(delivery.json.data).toMatchObject({ projectId, exportId: id, kind: 'source', version, downloadUrl: `/api/exports/${id}/download` });
    expect(verifySignature(delivery, hook.body.secret)).toBe(true);
    await owner.client.delete(`/api/webhooks/${hook.body.id}`);
    await receiver.close();

    // Another user, or nobody: the export does not exist for them.
    const other = await signUp('exports-other');
    expect((await other.client.get(`/api/exports/${id}`)).status).toBe(404);
    expect((await download(other.accessToken, id)).status).toBe(404);
    expect((await other.client.post(`/api/projects/${projectId}/exports`, { kind: 'source' })).status).toBe(404);
    expect((await fetch(`${API_URL}/api/exports/${id}/download`)).status).toBe(401);
  });

  it('static: the built template unzips to an index.html and assets that load from a plain static server', async () => {
    const projectId = await project(owner.client);
    const { id, outcome, progress } = await exportAndWait(projectId, { kind: 'static', version: 1 });
    expect(outcome.name).toBe('export:ready');
    expect(progress.length).toBeGreaterThanOrEqual(3);
    const entries = await unzip((await download(owner.accessToken, id)).bytes);
    const names = [...entries.keys()];
    expect(names).toContain('index.html');
    expect(names.some((n) => /^assets\/.+\.js$/.test(n))).toBe(true);
    expect(names.some((n) => /^assets\/.+\.css$/.test(n))).toBe(true);
    expect(names.some((n) => n.startsWith('src/'))).toBe(false);
    const html = entries.get('index.html')!.bytes.toString();
    expect(html).toContain('<title>Lumen — product analytics for the whole team</title>');

    const site = mkdtempSync(join(tmpdir(), 'static-export-'));
    for (const [name, { bytes }] of entries) {
      mkdirSync(dirname(join(site, name)), { recursive: true });
      writeFileSync(join(site, name), bytes);
    }
    const server = await serveStatic(site);
    try {
      const report = await inspectPage(browser, server.url, 1280, join(SCREENSHOTS, 'export-static-landing.png'));
      expect(report.errors).toEqual([]);
      expect(report.headings.h1).toBe(1);
      expect(report.textLength).toBeGreaterThan(500);
    } finally {
      await server.close();
      rmSync(site, { recursive: true, force: true });
    }
  });

  it("a project that does not build gives export:failed with the compiler's message, and nothing to download", async () => {
    const projectId = await project(owner.client);
    await put(projectId, 'src/App.tsx', Buffer.from("import { NoSuchIcon } from 'lucide-react';\n\nexport default function App() {\n  return <NoSuchIcon />;\n}\n"));
    const { id, outcome } = await exportAndWait(projectId, { kind: 'static' });
    expect(outcome.name).toBe('export:failed');
    expect(outcome.payload.error).toMatchObject({ code: 'EXPORT_BUILD_FAILED' });
    expect(outcome.payload.error.details.output).toMatch(/"NoSuchIcon" is not exported/);
    expect(outcome.payload.error.details.output).toContain('src/App.tsx');
    expect(outcome.payload.error.details.output).not.toMatch(/\x1b\[/);
    const view = await owner.client.get(`/api/exports/${id}`);
    expect(view.body).toMatchObject({ status: 'failed', error: { code: 'EXPORT_BUILD_FAILED' } });
    expect(view.body.downloadUrl).toBeUndefined();
    const zip = await download(owner.accessToken, id);
    expect(zip.status).toBe(409);
    expect(JSON.parse(zip.bytes.toString()).error.code).toBe('EXPORT_NOT_READY');
  });

  it('refuses a version the project does not have and an unknown kind', async () => {
    const projectId = await project(owner.client);
    expect((await owner.client.post(`/api/projects/${projectId}/exports`, { kind: 'source', version: 9 })).body.error.code).toBe('VERSION_NOT_FOUND');
    expect((await owner.client.post(`/api/projects/${projectId}/exports`, { kind: 'pdf' })).status).toBe(400);
  });

  it('an expired export is removed with its zip', async () => {
    const projectId = await project(owner.client);
    const { id } = await exportAndWait(projectId, { kind: 'source' });
    const db = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    const redis = new URL(process.env.REDIS_URL!);
    const maintenance = new Queue('maintenance', { connection: { host: redis.hostname, port: Number(redis.port) }, prefix: process.env.QUEUE_PREFIX ?? 'studio' });
    try {
      const [{ object_key: key }] = (await db.query(`UPDATE exports SET expires_at = now() - interval '1 minute' WHERE id = $1 RETURNING object_key`, [id])).rows;
      expect(key).toBe(`projects/${projectId}/exports/${id}.zip`);
      await maintenance.add('exports.expire', {});
      await eventually(async () => ((await owner.client.get(`/api/exports/${id}`)).status === 404 ? true : undefined), 20_000, 'the export to be removed');
      expect((await download(owner.accessToken, id)).status).toBe(404);
    } finally {
      await maintenance.close();
      await db.end();
    }
  });
});
