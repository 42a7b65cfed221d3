import { previewHostMatcher, readCookie, safeNext, withoutCookie } from './preview-host.js';

const id = '68b1a366-f66f-4a63-a61b-f9335107f818';

describe('previewHostMatcher', () => {
  const match = previewHostMatcher('preview.localhost');

  it('takes the project id from <uuid>.<domain>, with or without a port', () => {
    expect(match(`${id}.preview.localhost:3000`)).toBe(id);
    expect(match(`${id}.preview.localhost`)).toBe(id);
    expect(match(`${id.toUpperCase()}.PREVIEW.localhost`)).toBe(id);
  });

  it('leaves every other host to the API', () => {
    for (const host of [undefined, 'localhost:3000', '127.0.0.1:3000', 'preview.localhost', `x${id}.preview.localhost`, `${id}.preview.localhost.evil.com`, `${id}.previewXlocalhost`, `a.${id}.preview.localhost`]) {
      expect(match(host)).toBeNull();
    }
  });
});

describe('cookies and redirects', () => {
  it('reads one cookie and strips it from the rest', () => {
    const header = `a=1; studio_preview=abc%3D; b=2`;
    expect(readCookie(header, 'studio_preview')).toBe('abc=');
    expect(readCookie(header, 'missing')).toBeNull();
    expect(withoutCookie(header, 'studio_preview')).toBe('a=1; b=2');
    expect(withoutCookie('studio_preview=x', 'studio_preview')).toBe('');
  });

  it('only redirects within the preview origin', () => {
    expect(safeNext('/pricing?x=1')).toBe('/pricing?x=1');
    for (const bad of ['//evil.com', 'https://evil.com', '/\\evil.com', undefined, 42]) expect(safeNext(bad)).toBe('/');
  });
});
