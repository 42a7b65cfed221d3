import { eachLimited, manifestOf, publishFilesOf } from './publish-file.js';

describe('publishFilesOf and manifestOf', () => {
  it('types, caches and compresses each file, and the manifest points at every stored form', async () => {
    const files = await publishFilesOf(
      new Map([
        ['index.html', Buffer.from(`<!doctype html><p>${'hello '.repeat(400)}</p>`)],
        ['assets/index-Ab3dE_9x.js', Buffer.from('x')],
        ['assets/logo.png', Buffer.from('not really a png')],
      ]),
    );
    const byPath = new Map(files.map((f) => [f.path, f]));
    expect(byPath.get('index.html')).toMatchObject({ contentType: 'text/html; charset=utf-8', immutable: false, br: expect.any(Buffer), gz: expect.any(Buffer) });
    // Too small to be worth compressing; an image is compressed already.
    expect(byPath.get('assets/index-Ab3dE_9x.js')).toMatchObject({ immutable: true });
    expect(byPath.get('assets/index-Ab3dE_9x.js')?.gz).toBeUndefined();
    expect(byPath.get('assets/logo.png')).toMatchObject({ contentType: 'image/png', immutable: false });

    const manifest = manifestOf('p1', 'd1', files);
    expect(manifest.notFound).toBe('404.html');
    expect(manifest.files['index.html']).toMatchObject({
      key: 'projects/p1/deployments/d1/index.html',
      size: byPath.get('index.html')?.bytes.length,
      br: { key: 'projects/p1/deployments/d1/index.html.br', size: byPath.get('index.html')?.br?.length },
      gz: { key: 'projects/p1/deployments/d1/index.html.gz', size: byPath.get('index.html')?.gz?.length },
    });
    expect(manifest.files['index.html']?.etag).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
  });
});

describe('eachLimited', () => {
  it('runs every item with at most `limit` at once', async () => {
    let running = 0;
    let most = 0;
    const done: number[] = [];
    await eachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      done.push(n);
      running--;
    });
    expect(most).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('rejects with the first failure and starts no further item', async () => {
    const started: number[] = [];
    const run = eachLimited([1, 2, 3, 4, 5], 1, async (n) => {
      started.push(n);
      if (n === 2) throw new Error('two failed');
    });
    await expect(run).rejects.toThrow('two failed');
    expect(started).toEqual([1, 2]);
  });
});
