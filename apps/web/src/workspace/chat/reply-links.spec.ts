import { safeHref } from './reply-links';

describe('safeHref (links in the model’s reply)', () => {
  it('keeps web and mail links', () => {
    expect(safeHref('https://example.com/pricing?x=1#top')).toBe('https://example.com/pricing?x=1#top');
    expect(safeHref('http://example.com')).toBe('http://example.com/');
    expect(safeHref('mailto:hello@example.com')).toBe('mailto:hello@example.com');
    expect(safeHref('  HTTPS://Example.com/a ')).toBe('https://example.com/a');
  });

  it('refuses scripts, data, other schemes and paths of the app itself', () => {
    for (const url of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'file:///etc/passwd',
      'ftp://example.com',
      '/api/projects',
      '#/p/1',
      '//evil.example',
      '',
      'not a url',
    ]) {
      expect([url, safeHref(url)]).toEqual([url, '']);
    }
  });
});
