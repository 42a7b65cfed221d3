import { readPageFacts } from './head-tags.js';
import { notFoundPage } from './not-found.js';

describe('notFoundPage', () => {
  it('names the site, links home and asks not to be indexed', () => {
    const html = notFoundPage('Acme rockets');
    expect(readPageFacts(html)).toEqual({ title: 'Page not found · Acme rockets', lang: 'en' });
    expect(html).toContain('<a href="/">');
    expect(html).toContain('<meta name="robots" content="noindex">');
  });

  it('makes no request of its own: no script, stylesheet link, image, font or external URL', () => {
    const html = notFoundPage('Acme');
    expect(html).not.toMatch(/<script|<link|<img|@import|@font-face|url\(|https?:\/\//i);
  });

  it('escapes the title', () => {
    const html = notFoundPage('</title><script>alert(1)</script>');
    expect(html).not.toContain('<script>');
    expect(readPageFacts(html).title).toBe('Page not found · </title><script>alert(1)</script>');
  });

  it('reads well without a title', () => {
    expect(readPageFacts(notFoundPage('  ')).title).toBe('Page not found');
  });
});
