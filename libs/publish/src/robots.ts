/**
 * `robots.txt`: while the person asks for noindex, every crawler is told to stay out (with the robots meta
 * tag on the page as well: a crawler that found the page by a link obeys that one); otherwise everything is
 * allowed and the sitemap is named.
 */
export function robotsTxt(canonicalUrl: string, noindex: boolean): string {
  if (noindex) return 'User-agent: *\nDisallow: /\n';
  const base = canonicalUrl.endsWith('/') ? canonicalUrl : `${canonicalUrl}/`;
  return `User-agent: *\nAllow: /\n\nSitemap: ${base}sitemap.xml\n`;
}
