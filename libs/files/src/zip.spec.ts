import { randomBytes } from 'node:crypto';
import type { Manifest } from '@studio/data';
import { sha256Hex } from './changes.js';
import { unzip } from './testing/unzip.js';
import { zipFiles, zipManifest } from './zip.js';

const files = new Map<string, Buffer>(
  Array.from({ length: 40 }, (_, i) => [`src/f${String(i).padStart(2, '0')}.${i % 5 ? 'ts' : 'webp'}`, i % 5 ? Buffer.from(`export const n = ${i};\n`.repeat(i)) : randomBytes(3000)]),
);
const manifest: Manifest = Object.fromEntries([...files].map(([path, bytes]) => [path, { sha256: sha256Hex(bytes), size: bytes.length }]));
const byHash = new Map([...files.values()].map((bytes) => [sha256Hex(bytes), bytes]));

describe('zipManifest', () => {
  it('gives the same bytes as zipping the files in memory, when blob reads finish out of order', async () => {
    const read = async (sha: string) => {
      await new Promise((r) => setTimeout(r, Math.random() * 5));
      return byHash.get(sha)!;
    };
    const zipped = Buffer.concat(await zipManifest(manifest, read).toArray());
    expect(zipped.equals(Buffer.concat(await zipFiles(files).toArray()))).toBe(true);
    expect([...(await unzip(zipped)).keys()]).toEqual([...files.keys()].sort());
  });

  it('a blob that cannot be read fails the stream with its error, after the entries before it', async () => {
    const missing = manifest['src/f07.ts'].sha256;
    const read = async (sha: string) => {
      if (sha === missing) throw new Error('blob missing from the object store');
      return byHash.get(sha)!;
    };
    const parts: Buffer[] = [];
    const stream = zipManifest(manifest, read);
    await expect(
      (async () => {
        for await (const part of stream) parts.push(part);
      })(),
    ).rejects.toThrow('blob missing from the object store');
    expect(stream.destroyed).toBe(true);
    expect(Buffer.concat(parts).includes(Buffer.from('src/f06.ts'))).toBe(true);
    expect(Buffer.concat(parts).includes(Buffer.from('src/f07.ts'))).toBe(false);
  });
});
