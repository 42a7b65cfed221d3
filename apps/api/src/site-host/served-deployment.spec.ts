import type { DeploymentManifest } from '@studio/publish';
import { matchesEtag, ServedDeployment } from './served-deployment.js';
import { IMMUTABLE, REVALIDATE } from './site-headers.js';

const manifest: DeploymentManifest = {
  notFound: '404.html',
  files: {
    'index.html': {
      key: 'k/index.html',
      size: 1000,
      etag: '"aaa"',
      contentType: 'text/html; charset=utf-8',
      immutable: false,
      br: { key: 'k/index.html.br', size: 300 },
      gz: { key: 'k/index.html.gz', size: 400 },
    },
    'assets/app-1a2b3c.js': {
      key: 'k/assets/app-1a2b3c.js',
      size: 5000,
      etag: '"bbb"',
      contentType: 'text/javascript; charset=utf-8',
      immutable: true,
      gz: { key: 'k/assets/app-1a2b3c.js.gz', size: 900 },
    },
    'logo.png': { key: 'k/logo.png', size: 2000, etag: '"ccc"', contentType: 'image/png', immutable: false },
    '404.html': { key: 'k/404.html', size: 200, etag: '"ddd"', contentType: 'text/html; charset=utf-8', immutable: false },
  },
};
const base = { 'X-Content-Type-Options': 'nosniff' };

describe('ServedDeployment', () => {
  const served = new ServedDeployment(manifest, base);

  it('prepares each representation with its type, length, encoding, ETag and caching', () => {
    const index = served.file('index.html');
    expect(index?.identity.headers).toMatchObject({ ...base, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': 1000, ETag: '"aaa"', 'Cache-Control': REVALIDATE, Vary: 'Accept-Encoding' });
    expect(index?.identity.headers['Content-Encoding']).toBeUndefined();
    expect(index?.br?.headers).toMatchObject({ 'Content-Length': 300, 'Content-Encoding': 'br', ETag: '"aaa-br"' });
    expect(index?.gzip?.headers).toMatchObject({ 'Content-Length': 400, 'Content-Encoding': 'gzip', ETag: '"aaa-gz"' });
    expect(index?.br?.key).toBe('k/index.html.br');
  });

  it('caches hashed assets for a year and revalidates everything else; only compressible files vary', () => {
    expect(served.file('assets/app-1a2b3c.js')?.identity.headers['Cache-Control']).toBe(IMMUTABLE);
    expect(served.file('logo.png')?.identity.headers['Cache-Control']).toBe(REVALIDATE);
    expect(served.file('logo.png')?.identity.headers.Vary).toBeUndefined();
  });

  it('answers 304 with validators and caching only', () => {
    const notModified = served.file('index.html')?.gzip?.notModified;
    expect(notModified).toMatchObject({ ETag: '"aaa-gz"', 'Cache-Control': REVALIDATE, Vary: 'Accept-Encoding' });
    expect(notModified?.['Content-Length']).toBeUndefined();
  });

  it('keeps the 404 page apart, without an ETag; a manifest naming no such page has none', () => {
    expect(served.notFound?.identity.key).toBe('k/404.html');
    expect(served.notFound?.identity.headers.ETag).toBeUndefined();
    expect(new ServedDeployment({ ...manifest, notFound: 'missing.html' }, base).notFound).toBeUndefined();
    expect(new ServedDeployment({ ...manifest, notFound: 'constructor' }, base).notFound).toBeUndefined();
  });

  it('knows only the manifest paths, never an object prototype key', () => {
    expect(served.has('index.html')).toBe(true);
    expect(served.has('constructor')).toBe(false);
    expect(served.has('__proto__')).toBe(false);
  });
});

describe('matchesEtag', () => {
  const etags = new Set(['"aaa"', '"aaa-br"']);
  it('matches any listed tag, weak or strong, and *', () => {
    expect(matchesEtag('"aaa"', etags)).toBe(true);
    expect(matchesEtag('"zzz", W/"aaa-br"', etags)).toBe(true);
    expect(matchesEtag('*', etags)).toBe(true);
    expect(matchesEtag('"zzz"', etags)).toBe(false);
    expect(matchesEtag('aaa', etags)).toBe(false);
  });
});
