import type { IncomingHttpHeaders } from 'node:http';
import { wantsCookieSession } from '../auth/session-cookies.js';
import { DomainError } from './domain-error.js';
import { isSameOrigin } from './same-origin.js';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF: a request that changes something and is authenticated by the session cookie (or asks for one, as a
 * cookie-mode sign-in or refresh does) must (1) carry the `X-Studio-Session: cookie` header and (2) come from
 * the API's own origin when the browser says where it comes from (`Origin`, which browsers send on every
 * POST/PUT/PATCH/DELETE).
 *
 * Why this rule and not a double-submit token: SameSite=Strict already keeps every cross-site page from
 * sending the cookie; what remains is a page on another origin of the same site, such as a preview
 * (<projectId>.PREVIEW_DOMAIN runs code a model wrote, and may share the app's registrable domain). Such a
 * page cannot add a custom header without a CORS preflight, which only CORS_ORIGINS pass and which never
 * allows credentials, and its Origin is not the API's. A token the page must fetch and echo would stop
 * nothing more, and a cookie-held token could be overwritten from a sibling subdomain.
 * Bearer tokens and API keys need none of this: a browser never attaches them on its own.
 */
export function assertNotForged(method: string, headers: IncomingHttpHeaders, cookieInUse: boolean): void {
  if (!cookieInUse || SAFE_METHODS.has(method)) return;
  if (!wantsCookieSession(headers)) {
    throw new DomainError('CSRF_FAILED', 'A change authenticated by the session cookie needs the X-Studio-Session: cookie header.');
  }
  if (headers.origin !== undefined && !isSameOrigin(headers.origin, headers.host)) {
    throw new DomainError('CSRF_FAILED', "A change authenticated by the session cookie must come from this site's own pages.");
  }
}
