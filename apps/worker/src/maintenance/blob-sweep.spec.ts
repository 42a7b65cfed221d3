import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobKey } from '@studio/files';
import { inBatches, sweepable } from './blob-sweep.js';
import { BuildLeftovers } from './build-leftovers.js';

const P = '11111111-1111-4111-8111-111111111111';
const sha = (c: string) => c.repeat(64);

describe('sweepable (the blob collector’s decision)', () => {
  it('sweeps the listed blobs nothing keeps, and keeps the kept ones', () => {
    const listed = [blobKey(P, sha('a')), blobKey(P, sha('b')), blobKey(P, sha('c'))];
    expect(sweepable(P, listed, new Set([sha('b')]))).toEqual([
      { key: blobKey(P, sha('a')), sha256: sha('a') },
      { key: blobKey(P, sha('c')), sha256: sha('c') },
    ]);
  });

  it('never sweeps what was not listed (uploaded after the listing), whatever is kept', () => {
    expect(sweepable(P, [], new Set())).toEqual([]);
  });

  it('never sweeps a key that does not name a blob of this project', () => {
    const other = '22222222-2222-4222-8222-222222222222';
    const listed = [`projects/${P}/blobs/not-a-hash`, `projects/${P}/blobs/${sha('A')}`, blobKey(other, sha('d')), `projects/${P}/chat/${sha('e')}`, `${blobKey(P, sha('f'))}/x`];
    expect(sweepable(P, listed, new Set())).toEqual([]);
  });
});

describe('inBatches', () => {
  it('runs every item, at most `size` at once, answers in order', async () => {
    let running = 0;
    let most = 0;
    const out = await inBatches([1, 2, 3, 4, 5], 2, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((ok) => setImmediate(ok));
      running--;
      return n * 10;
    });
    expect(out).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
  });
});

describe('BuildLeftovers', () => {
  it('removes build folders older than the limit, and nothing else', async () => {
    const root = mkdtempSync(join(tmpdir(), 'leftovers-'));
    try {
      const old = Date.now() / 1000 - 3600;
      for (const name of ['studio-build-old', 'other-old']) {
        mkdirSync(join(root, name));
        utimesSync(join(root, name), old, old);
      }
      mkdirSync(join(root, 'studio-build-fresh'));
      expect(await new BuildLeftovers(600, root).remove()).toBe(1);
      expect(readdirSync(root).sort()).toEqual(['other-old', 'studio-build-fresh']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
