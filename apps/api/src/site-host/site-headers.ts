import type { OutgoingHttpHeaders } from 'node:http';

/** Vite's hashed assets never change under their name: a year, and no revalidation. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';
/** Everything else (HTML above all) is asked about on every visit: an ETag answers 304 when nothing changed. */
export const REVALIDATE = 'public, max-age=0, must-revalidate';

/**
 * What a static host sends with every answer of a site: no type sniffing, the origin only as a Referer to
 * other sites, framed by the same origin only, no powerful features the page never asked for, and (behind
 * TLS only) HSTS. No cookie is ever set or read here and no CORS header is sent: the site is an origin of
 * its own, and other origins have no business reading it from a script.
 */
export function securityHeaders(https: boolean): OutgoingHttpHeaders {
  return {
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'X-Frame-Options': 'SAMEORIGIN',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    // No includeSubDomains: a custom domain's other hosts are the person's, not ours to pin.
    ...(https ? { 'Strict-Transport-Security': 'max-age=31536000' } : {}),
  };
}
