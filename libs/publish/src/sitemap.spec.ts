import { type DefaultTreeAdapterTypes, parse } from 'parse5';
import { robotsTxt } from './robots.js';
import { sitemapXml } from './sitemap.js';

const locs = (xml: string) => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map((m) => m[1]);

describe('sitemapXml', () => {
  const at = new Date('2026-12-02T03:04:05.678Z');

  it('lists each page once under the canonical URL, with the publish time', () => {
    const xml = sitemapXml('https://acme.example/', ['', 'index.html', 'about/', 'about/index.html', 'pricing.html', 'docs/a b.html'], at);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">')).toBe(true);
    expect(locs(xml)).toEqual(['https://acme.example/', 'https://acme.example/about/', 'https://acme.example/pricing.html', 'https://acme.example/docs/a%20b.html']);
    expect([...xml.matchAll(/<lastmod>([^<]*)<\/lastmod>/g)].map((m) => m[1])).toEqual(Array(4).fill('2026-12-02T03:04:05Z'));
  });

  it('adds the missing slash to the base, escapes XML and encodes each path segment once', () => {
    const xml = sitemapXml('https://acme.example:8443', ['/a&b.html', 'already%20encoded.html', 'x/<y>.html'], at);
    expect(locs(xml)).toEqual(['https://acme.example:8443/a%26b.html', 'https://acme.example:8443/already%20encoded.html', 'https://acme.example:8443/x/%3Cy%3E.html']);
    // Well-formed: an XML-significant character in a URL is escaped, never raw.
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
  });

  it('is a valid empty urlset without pages', () => {
    expect(sitemapXml('https://a.example/', [], at)).toBe('<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n</urlset>\n');
  });

  it('parses as a document whose url entries are the pages (read the way a crawler reads it)', () => {
    const doc = parse(sitemapXml('https://a.example/', ['', 'b.html'], at));
    const found: string[] = [];
    const walk = (node: DefaultTreeAdapterTypes.Node) => {
      if ('tagName' in node && node.tagName === 'loc') found.push(node.childNodes.map((n) => ('value' in n ? n.value : '')).join(''));
      if ('childNodes' in node) node.childNodes.forEach(walk);
    };
    walk(doc);
    expect(found).toEqual(['https://a.example/', 'https://a.example/b.html']);
  });
});

describe('robotsTxt', () => {
  it('allows everything and names the sitemap', () => {
    expect(robotsTxt('https://acme.example/', false)).toBe('User-agent: *\nAllow: /\n\nSitemap: https://acme.example/sitemap.xml\n');
    expect(robotsTxt('https://acme.example', false)).toContain('Sitemap: https://acme.example/sitemap.xml\n');
  });

  it('disallows everything while noindex is set, with no sitemap', () => {
    expect(robotsTxt('https://acme.example/', true)).toBe('User-agent: *\nDisallow: /\n');
  });
});
