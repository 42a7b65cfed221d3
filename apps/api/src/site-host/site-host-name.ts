/** Which site a request's Host names: a slug under SITES_DOMAIN, or a custom domain a person verified. */
export type SiteHostName = { slug: string } | { domain: string };

// What a DNS name may hold; anything else (an IP literal in brackets, a space, an underscore) names no site.
const NAME = /^[a-z0-9.-]{1,253}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A request's Host → the site it names, or null when it can name none (answered 404 without a lookup).
 * Host forms a browser or a client may send are the same host, as on the preview origin
 * (apps/api/src/preview-proxy/preview-host.ts): any case, with or without a port, with the DNS root's
 * trailing dot. `<slug>.<SITES_DOMAIN>` is a slug (one label: `a.b.<SITES_DOMAIN>` is nobody's); the domain
 * itself is nobody's; any other name of two labels or more is looked up as a custom domain, except an IPv4
 * address (`127.0.0.1:3100` is somebody reaching the port directly).
 */
export function siteHostMatcher(sitesDomain: string): (host: string | undefined) => SiteHostName | null {
  const suffix = `.${sitesDomain.toLowerCase().replace(/\.+$/, '')}`;
  return (host) => {
    if (!host) return null;
    const name = host.toLowerCase().replace(/:\d*$/, '').replace(/\.+$/, '');
    if (!NAME.test(name)) return null;
    if (name.endsWith(suffix)) {
      const label = name.slice(0, -suffix.length);
      return LABEL.test(label) ? { slug: label } : null;
    }
    if (name === suffix.slice(1)) return null;
    const labels = name.split('.');
    if (labels.length < 2 || !labels.every((l) => LABEL.test(l)) || /^\d+$/.test(labels[labels.length - 1])) return null;
    return { domain: name };
  };
}

/** The key a host's answer is cached under: one per site name, whatever form the Host came in. */
export const hostKey = (name: SiteHostName): string => ('slug' in name ? `s:${name.slug}` : `d:${name.domain}`);
