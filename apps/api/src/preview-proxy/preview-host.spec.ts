import { previewHostMatcher, readCookies, safeNext, withoutCookie } from './preview-host.js';

const id = '68b1a366-f66f-4a63-a61b-f9335107f818';

describe('previewHostMatcher', () => {
  const match = previewHostMatcher('preview.localhost');

  it('takes the project id from <uuid>.<domain> in every form of the host', () => {
    for (const host of [
      `${id}.preview.localhost:3000`,
      `${id}.preview.localhost`,
      `${id.toUpperCase()}.PREVIEW.localhost`,
      `${id}.preview.localhost.`,
      `${id}.preview.localhost.:3000`,
      `${id}.preview.localhost:`,
    ]) {
      expect({ host, match: match(host) }).toEqual({ host, match: { projectId: id } });
    }
  });

  it('keeps every other name under the domain from the API, naming no project', () => {
    for (const host of [`x${id}.preview.localhost`, `a.${id}.preview.localhost:3000`, 'www.preview.localhost', 'WWW.Preview.Localhost.']) {
      expect({ host, match: match(host) }).toEqual({ host, match: { projectId: null } });
    }
  });

  it('leaves the domain itself and every host outside it to the API', () => {
    for (const host of [
      undefined,
      '',
      'localhost:3000',
      '127.0.0.1:3000',
      '[::1]:3000',
      'preview.localhost',
      'preview.localhost.:3000',
      `${id}.preview.localhost.evil.com`,
      `${id}.previewXlocalhost`,
      `${id}preview.localhost`,
    ]) {
      expect({ host, match: match(host) }).toEqual({ host, match: null });
    }
  });
});

describe('cookies and redirects', () => {
  it('reads every value of one cookie, tolerating bad encoding, and strips it from the rest', () => {
    const header = `a=1; studio_preview=abc%3D; b=2; studio_preview=%E0%A4%A; studio_preview=`;
    expect(readCookies(header, 'studio_preview')).toEqual(['abc=', '%E0%A4%A']);
    expect(readCookies(header, 'missing')).toEqual([]);
    expect(readCookies(undefined, 'studio_preview')).toEqual([]);
    expect(readCookies(Array.from({ length: 50 }, (_, i) => `studio_preview=${i}`).join('; '), 'studio_preview')).toHaveLength(8);
    expect(withoutCookie(header, 'studio_preview')).toBe('a=1; b=2');
    expect(withoutCookie('studio_preview=x', 'studio_preview')).toBe('');
  });

  it('only redirects within the preview origin, to a header-safe path', () => {
    expect(safeNext('/pricing?x=1#plans')).toBe('/pricing?x=1#plans');
    expect(safeNext('/a b\r\nSet-Cookie: x=1')).toBe('/a%20bSet-Cookie:%20x=1');
    for (const bad of ['//evil.com', 'https://evil.com', '/\\evil.com', '/\t/evil.com', 'evil.com', undefined, 42]) expect(safeNext(bad)).toBe('/');
  });
});
