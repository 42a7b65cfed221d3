import { randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { projectPrefix } from './object-store.js';
import { S3ObjectStore } from './s3.object-store.js';

/** Against the real S3-compatible server the test stack runs (the same driver code as against AWS S3). */
let store: S3ObjectStore;

const readAll = async (stream: Readable) => Buffer.concat(await stream.toArray());

beforeAll(() => {
  store = S3ObjectStore.fromEnvironment();
});
afterAll(() => store.destroy());

describe('S3ObjectStore', () => {
  const prefix = projectPrefix(randomUUID());

  it('keeps binary bytes exactly, from a buffer and from a stream', async () => {
    const bytes = randomBytes(1 << 20);
    await store.put(`${prefix}blobs/buffer`, bytes);
    await store.put(`${prefix}blobs/stream`, Readable.from([bytes.subarray(0, 1000), bytes.subarray(1000, 70_000)]), { contentLength: 70_000 });
    expect((await readAll((await store.get(`${prefix}blobs/buffer`))!)).equals(bytes)).toBe(true);
    expect((await readAll((await store.get(`${prefix}blobs/stream`))!)).equals(bytes.subarray(0, 70_000))).toBe(true);
    expect(await store.size(`${prefix}blobs/buffer`)).toBe(1 << 20);
  });

  it('answers null for a missing key', async () => {
    expect(await store.get(`${prefix}missing`)).toBeNull();
    expect(await store.size(`${prefix}missing`)).toBeNull();
  });

  it('lists past one page and deletes only under the prefix', async () => {
    const many = projectPrefix(randomUUID());
    const neighbour = `${projectPrefix(randomUUID())}blobs/keep`;
    await store.put(neighbour, Buffer.from('keep'));
    const keys = Array.from({ length: 1005 }, (_, i) => `${many}blobs/${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, Buffer.from('x'))));

    const pages: string[][] = [];
    for await (const page of store.list(many)) pages.push(page);
    expect(pages.length).toBeGreaterThan(1);
    expect(pages.flat().sort()).toEqual(keys);

    expect(await store.deletePrefix(many)).toBe(1005);
    expect(await store.size(keys[0])).toBeNull();
    expect(await store.size(keys[1004])).toBeNull();
    expect(await store.size(neighbour)).toBe(4);
  }, 60_000);

  it('a presigned PUT of the signed length and type lands; one object can be deleted', async () => {
    const key = `${prefix}uploads/${randomUUID()}`;
    const bytes = randomBytes(4096);
    const url = await store.presignPut(key, { contentType: 'image/png', contentLength: bytes.length, expiresInSeconds: 60 });
    expect(new URL(url).searchParams.get('X-Amz-SignedHeaders')?.split(';')).toEqual(expect.arrayContaining(['content-length', 'content-type', 'host']));
    const res = await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(bytes) });
    expect(res.status).toBe(200);
    expect(await store.size(key)).toBe(4096);
    expect((await readAll((await store.get(key))!)).equals(bytes)).toBe(true);
    await store.delete(key);
    expect(await store.size(key)).toBeNull();
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('the store refuses a presigned PUT of another length or type, and one past its expiry', async () => {
    const key = `${prefix}uploads/${randomUUID()}`;
    const url = await store.presignPut(key, { contentType: 'image/png', contentLength: 100, expiresInSeconds: 60 });
    expect((await fetch(url, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(101) })).status).toBe(403);
    expect((await fetch(url, { method: 'PUT', headers: { 'content-type': 'text/html' }, body: new Uint8Array(100) })).status).toBe(403);
    const short = await store.presignPut(key, { contentType: 'image/png', contentLength: 100, expiresInSeconds: 1 });
    await new Promise((r) => setTimeout(r, 2100));
    expect((await fetch(short, { method: 'PUT', headers: { 'content-type': 'image/png' }, body: new Uint8Array(100) })).status).toBe(403);
    expect(await store.size(key)).toBeNull();
  });

  it('the bucket answers a browser preflight for a presigned PUT', async () => {
    const url = await store.presignPut(`${prefix}uploads/${randomUUID()}`, { contentType: 'image/png', contentLength: 10, expiresInSeconds: 60 });
    const res = await fetch(url, { method: 'OPTIONS', headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'PUT', 'access-control-request-headers': 'content-type' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toMatch(/^(\*|http:\/\/localhost:3000)$/);
  });

  it('ping fails when the bucket does not exist', async () => {
    const other = S3ObjectStore.fromEnvironment({ ...process.env, S3_BUCKET: `missing-${randomUUID().slice(0, 8)}` });
    await expect(other.ping()).rejects.toThrow();
    other.destroy();
  });
});
