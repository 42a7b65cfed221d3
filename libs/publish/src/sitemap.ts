const XML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const xmlEscape = (s: string) => s.replace(/[&<>"']/g, (c) => XML[c] ?? c);

/** `about/index.html` → `about/`, `index.html` and `` → ``; each segment percent-encoded once (sitemaps require valid URLs). */
function pagePath(path: string): string {
  const clean = path.replace(/^\/+/, '').replace(/(^|\/)index\.html$/, '$1');
  return clean
    .split('/')
    .map((segment) => encodeURIComponent(safeDecode(segment)))
    .join('/');
}

/** A segment already percent-encoded stays as it is rather than becoming `%2520`. */
function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * `sitemap.xml` (sitemaps.org 0.9) for the site's pages: `paths` relative to the root (`''` or `index.html`
 * for the root, `about/` or `about/index.html`, `pricing.html`), each listed once under `canonicalUrl`.
 */
export function sitemapXml(canonicalUrl: string, paths: readonly string[], lastModified: Date): string {
  const base = canonicalUrl.endsWith('/') ? canonicalUrl : `${canonicalUrl}/`;
  // W3C datetime to the second: what crawlers compare to decide on a recrawl.
  const lastmod = lastModified.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const urls = [...new Set(paths.map(pagePath))].map((p) => `  <url>\n    <loc>${xmlEscape(base + p)}</loc>\n    <lastmod>${lastmod}</lastmod>\n  </url>`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.join('\n')}${urls.length ? '\n' : ''}</urlset>\n`;
}
