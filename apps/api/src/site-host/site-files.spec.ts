import { Readable } from 'node:stream';
import type { ObjectStore } from '@studio/files';
import { MissingObjectError, SiteFiles } from './site-files.js';

/** The store's get() alone, counting reads; the rest of ObjectStore is never called here. */
function fakeStore(objects: Map<string, Buffer>) {
  const reads: string[] = [];
  const refuse = () => Promise.reject(new Error('not used'));
  const store: ObjectStore = {
    get: async (key) => {
      reads.push(key);
      const bytes = objects.get(key);
      return bytes ? Readable.from([bytes.subarray(0, 3), bytes.subarray(3)]) : null;
    },
    ensureBucket: refuse,
    put: refuse,
    size: refuse,
    presignPut: refuse,
    delete: refuse,
    list: () => ({ [Symbol.asyncIterator]: () => ({ next: refuse }) }),
    deletePrefix: refuse,
    ping: refuse,
  };
  return { store, reads };
}

describe('SiteFiles', () => {
  const small = Buffer.from('<!doctype html><p>hello</p>');
  const large = Buffer.alloc(400, 7);

  it('reads a file once, concurrent misses included, then answers from memory', async () => {
    const { store, reads } = fakeStore(new Map([['a', small]]));
    const files = new SiteFiles(store, 1000);
    expect(files.cached('a')).toBeUndefined();
    const [one, two] = await Promise.all([files.read('a', small.length), files.read('a', small.length)]);
    expect(Buffer.isBuffer(one) && one.equals(small)).toBe(true);
    expect(two).toBe(one);
    expect(files.cached('a')?.equals(small)).toBe(true);
    expect(reads).toEqual(['a']);
  });

  it('streams a file over a quarter of the cache on every request instead of keeping it', async () => {
    const { store, reads } = fakeStore(new Map([['big', large]]));
    const files = new SiteFiles(store, 1000);
    for (let i = 0; i < 2; i++) {
      const body = await files.read('big', large.length);
      expect(body).toBeInstanceOf(Readable);
    }
    expect(files.cached('big')).toBeUndefined();
    expect(reads).toEqual(['big', 'big']);
  });

  it('fails with MissingObjectError for a key the store does not have, and tries again next time', async () => {
    const { store, reads } = fakeStore(new Map());
    const files = new SiteFiles(store, 1000);
    await expect(files.read('gone', 10)).rejects.toBeInstanceOf(MissingObjectError);
    await expect(files.read('gone', 10)).rejects.toBeInstanceOf(MissingObjectError);
    expect(reads).toEqual(['gone', 'gone']);
  });
});
