import { BlobCache } from './blob-cache.js';

describe('BlobCache', () => {
  it('evicts the least recently used entries to stay within its byte budget', () => {
    const cache = new BlobCache(40);
    cache.set('a', Buffer.alloc(10));
    cache.set('b', Buffer.alloc(10));
    cache.set('c', Buffer.alloc(10));
    cache.get('a'); // a is now the most recent
    cache.set('d', Buffer.alloc(10));
    cache.set('e', Buffer.alloc(10));
    expect(cache.has('b')).toBe(false);
    expect(['a', 'c', 'd', 'e'].every((k) => cache.has(k))).toBe(true);
    expect(cache.size).toBe(40);
  });

  it('does not keep a blob larger than a quarter of its budget', () => {
    const cache = new BlobCache(40);
    cache.set('big', Buffer.alloc(11));
    expect(cache.has('big')).toBe(false);
  });
});
