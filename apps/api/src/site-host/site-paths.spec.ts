import { lookupPath, MAX_TARGET_LENGTH, parseRequestPath } from './site-paths.js';

describe('parseRequestPath', () => {
  it('decodes the path once and keeps the query as sent', () => {
    expect(parseRequestPath('/')).toEqual({ path: '', query: '' });
    expect(parseRequestPath('/caf%C3%A9/menu.html?x=%20')).toEqual({ path: 'café/menu.html', query: '?x=%20' });
  });

  it('refuses traversal, backslashes, control characters, bad encoding, other forms and over-long targets with a code', () => {
    const cases: [string, string][] = [
      ['/../etc/passwd', 'PATH_TRAVERSAL'],
      ['/a/%2e%2e/b', 'PATH_TRAVERSAL'],
      ['/./a', 'PATH_TRAVERSAL'],
      ['/a\\b', 'PATH_BACKSLASH'],
      ['/a%5cb', 'PATH_BACKSLASH'],
      ['/a%00b', 'PATH_CONTROL_CHARACTER'],
      ['/a%0d%0aSet-Cookie:x', 'PATH_CONTROL_CHARACTER'],
      ['/%E0%A4%A', 'VALIDATION_FAILED'],
      ['http://evil.test/', 'VALIDATION_FAILED'],
      ['*', 'VALIDATION_FAILED'],
      [`/${'a'.repeat(MAX_TARGET_LENGTH)}`, 'PATH_TOO_LONG'],
    ];
    for (const [target, code] of cases) expect([target, parseRequestPath(target)]).toEqual([target, { refusal: code }]);
  });
});

describe('lookupPath', () => {
  const files = new Set(['index.html', 'docs/index.html', 'assets/app-1a2b3c.js', '404.html']);
  const has = (p: string) => files.has(p);

  it('maps / and folder paths to their index.html, files to themselves', () => {
    expect(lookupPath(has, { path: '', query: '' })).toEqual({ file: 'index.html' });
    expect(lookupPath(has, { path: 'docs/', query: '' })).toEqual({ file: 'docs/index.html' });
    expect(lookupPath(has, { path: 'assets/app-1a2b3c.js', query: '?v=1' })).toEqual({ file: 'assets/app-1a2b3c.js' });
  });

  it('redirects a folder named without its slash, keeping the query', () => {
    expect(lookupPath(has, { path: 'docs', query: '?a=1' })).toEqual({ redirect: '/docs/?a=1' });
  });

  it('finds nothing for any other path (the 404 page answers)', () => {
    expect(lookupPath(has, { path: 'nope.html', query: '' })).toEqual({ missing: true });
    expect(lookupPath(has, { path: 'assets/', query: '' })).toEqual({ missing: true });
  });
});
