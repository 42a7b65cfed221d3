import { contentTypeOf, isCompressible, isHashedAsset } from './content-types.js';

describe('contentTypeOf', () => {
  it.each([
    ['index.html', 'text/html; charset=utf-8'],
    ['about/INDEX.HTM', 'text/html; charset=utf-8'],
    ['assets/index-BqGk3kX_.css', 'text/css; charset=utf-8'],
    ['assets/index-BqGk3kX_.js', 'text/javascript; charset=utf-8'],
    ['assets/worker.mjs', 'text/javascript; charset=utf-8'],
    ['data.json', 'application/json; charset=utf-8'],
    ['assets/index-BqGk3kX_.js.map', 'application/json; charset=utf-8'],
    ['site.webmanifest', 'application/manifest+json; charset=utf-8'],
    ['robots.txt', 'text/plain; charset=utf-8'],
    ['sitemap.xml', 'application/xml; charset=utf-8'],
    ['logo.svg', 'image/svg+xml'],
    ['a.png', 'image/png'],
    ['a.jpg', 'image/jpeg'],
    ['a.JPEG', 'image/jpeg'],
    ['a.webp', 'image/webp'],
    ['a.avif', 'image/avif'],
    ['a.gif', 'image/gif'],
    ['favicon.ico', 'image/x-icon'],
    ['f.woff', 'font/woff'],
    ['f.woff2', 'font/woff2'],
    ['f.ttf', 'font/ttf'],
    ['f.otf', 'font/otf'],
  ])('%s is %s', (path, type) => {
    expect(contentTypeOf(path)).toBe(type);
  });

  it('answers application/octet-stream for unknown, missing and dot-file extensions', () => {
    expect(contentTypeOf('download.exe')).toBe('application/octet-stream');
    expect(contentTypeOf('LICENSE')).toBe('application/octet-stream');
    expect(contentTypeOf('.htaccess')).toBe('application/octet-stream');
    expect(contentTypeOf('dir.html/file')).toBe('application/octet-stream');
  });
});

describe('isHashedAsset', () => {
  it.each(['assets/index-BqGk3kX_.js', 'assets/index-D8_s3xHQ.css', 'assets/react-CHdo91hT.svg', 'assets/inter-latin-wght-normal-Dx4kXJAl.woff2', 'assets/chunks/vendor-a1b2C3d4.js'])(
    '%s is hashed',
    (path) => {
      expect(isHashedAsset(path)).toBe(true);
    },
  );

  it.each([
    // A person's uploads are copied from public/assets/ to assets/ under lowercase names: never immutable.
    'assets/hero.jpg',
    'assets/hero-480w.webp',
    'assets/team-20240101.jpg',
    'assets/logo-abcdefgh.png',
    // Not Vite's folder, or not an 8-character hash.
    'index.html',
    'img/index-BqGk3kX_.js',
    'assets/index-BqGk3kX.js',
    'assets/index-BqGk3kX_9.js',
    'assets/BqGk3kX_.js',
  ])('%s is not', (path) => {
    expect(isHashedAsset(path)).toBe(false);
  });
});

describe('isCompressible', () => {
  it('takes text, scripts, JSON, XML, SVG and uncompressed fonts', () => {
    for (const path of ['a.html', 'a.css', 'a.js', 'a.json', 'a.map', 'a.svg', 'a.xml', 'a.txt', 'a.ttf', 'a.otf', 'a.webmanifest']) {
      expect([path, isCompressible(contentTypeOf(path))]).toEqual([path, true]);
    }
  });

  it('leaves formats that are compressed already', () => {
    for (const path of ['a.png', 'a.jpg', 'a.webp', 'a.avif', 'a.gif', 'a.woff', 'a.woff2', 'a.mp4', 'a.bin']) {
      expect([path, isCompressible(contentTypeOf(path))]).toEqual([path, false]);
    }
  });
});
