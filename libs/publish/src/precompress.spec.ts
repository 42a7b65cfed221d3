import { randomBytes } from 'node:crypto';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { MIN_COMPRESS_BYTES, precompress } from './precompress.js';

const text = (n: number) => Buffer.from('const greeting = "hello world";\n'.repeat(Math.ceil(n / 32)).slice(0, n));

describe('precompress', () => {
  it('makes brotli and gzip copies that decompress to the same bytes and are smaller', async () => {
    const files = new Map([
      ['assets/index-BqGk3kX_.js', text(20_000)],
      ['index.html', Buffer.from(`<!doctype html><html><body>${'<p>Some words on the page.</p>'.repeat(100)}</body></html>`)],
      ['logo.svg', Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg">${'<rect width="1" height="1"/>'.repeat(100)}</svg>`)],
    ]);
    const out = await precompress(files);
    expect([...out.keys()].sort()).toEqual(['assets/index-BqGk3kX_.js', 'index.html', 'logo.svg']);
    for (const [path, bytes] of files) {
      const copies = out.get(path);
      expect(copies?.br).toBeDefined();
      expect(copies?.gz).toBeDefined();
      if (!copies?.br || !copies.gz) continue;
      expect(brotliDecompressSync(copies.br).equals(bytes)).toBe(true);
      expect(gunzipSync(copies.gz).equals(bytes)).toBe(true);
      expect(copies.br.byteLength).toBeLessThan(bytes.byteLength);
      expect(copies.gz.byteLength).toBeLessThan(bytes.byteLength);
    }
    // Brotli at its best quality beats gzip -9 on text.
    const js = out.get('assets/index-BqGk3kX_.js');
    expect(js?.br?.byteLength).toBeLessThanOrEqual(js?.gz?.byteLength ?? 0);
  });

  it('skips small files, formats compressed already, and content that does not shrink', async () => {
    const out = await precompress(
      new Map([
        ['small.js', text(MIN_COMPRESS_BYTES)],
        ['photo.png', Buffer.alloc(50_000)],
        ['font.woff2', Buffer.alloc(50_000)],
        ['noise.js', randomBytes(50_000)],
        ['big.js', text(MIN_COMPRESS_BYTES + 1)],
      ]),
    );
    expect([...out.keys()]).toEqual(['big.js']);
  });

  it('answers an empty map for no files', async () => {
    expect((await precompress(new Map())).size).toBe(0);
  });
});
