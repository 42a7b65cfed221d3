import { fileOfUrlPath, serveFiles } from './static-server.js';

describe('fileOfUrlPath', () => {
  it('maps URL paths to file paths', () => {
    expect(fileOfUrlPath('/')).toBe('index.html');
    expect(fileOfUrlPath('/about/')).toBe('about/index.html');
    expect(fileOfUrlPath('/assets/a%20b.js')).toBe('assets/a b.js');
  });

  it('refuses traversal, NUL and broken escapes', () => {
    expect(fileOfUrlPath('/a/../b')).toBeNull();
    expect(fileOfUrlPath('/%2e%2e/secret')).toBeNull();
    expect(fileOfUrlPath('/a%00')).toBeNull();
    expect(fileOfUrlPath('/%E0%A4%A')).toBeNull();
  });
});

describe('serveFiles', () => {
  it('serves exactly the given files on loopback, with their types, and 404 for anything else', async () => {
    const server = await serveFiles(new Map([['index.html', Buffer.from('<h1>hi</h1>')]]));
    try {
      expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(`${server.origin}/`);
      expect([page.status, page.headers.get('content-type'), await page.text()]).toEqual([200, 'text/html; charset=utf-8', '<h1>hi</h1>']);
      expect((await fetch(`${server.origin}/missing.js`)).status).toBe(404);
      expect((await fetch(`${server.origin}/`, { method: 'POST', body: 'x' })).status).toBe(404);
    } finally {
      await server.close();
    }
    await expect(fetch(`${server.origin}/`)).rejects.toThrow();
  });
});
