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

  it('ping fails when the bucket does not exist', async () => {
    const other = S3ObjectStore.fromEnvironment({ ...process.env, S3_BUCKET: `missing-${randomUUID().slice(0, 8)}` });
    await expect(other.ping()).rejects.toThrow();
    other.destroy();
  });
});
