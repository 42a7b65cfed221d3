import type { IncomingHttpHeaders } from 'node:http';
import type { Env } from '@studio/config';
import { SESSION_MODE_COOKIE, SESSION_MODE_HEADER } from '@studio/contracts';
import type { CookieOptions, Response } from 'express';
import { isSameOrigin } from '../common/same-origin.js';

/**
 * The web client's session (README "Security"): the access token and the refresh token as HttpOnly cookies,
 * so no script on the page, and no XSS, can read them. Scripts keep bearer tokens and API keys.
 *
 * - HttpOnly; SameSite=Strict: a page on another site never makes the browser send them. Strict costs the
 *   client nothing: a link from elsewhere opens index.html, which needs no session; the calls it then makes
 *   are same-site.
 * - No Domain: host-only, so they never reach a preview host (<projectId>.PREVIEW_DOMAIN).
 * - The access cookie on Path=/ (the REST API and the Socket.IO handshake); the refresh cookie only on
 *   /api/auth (refresh and logout), so no other request carries it.
 * - Secure when PUBLIC_URL is https (a browser would not send a Secure cookie over http).
 */
export const ACCESS_COOKIE = 'studio_session';
export const REFRESH_COOKIE = 'studio_refresh';
const ACCESS_PATH = '/';
const REFRESH_PATH = '/api/auth';

/** The request asks for a cookie session (the web client sends this header on every call). */
export function wantsCookieSession(headers: IncomingHttpHeaders): boolean {
  return headers[SESSION_MODE_HEADER] === SESSION_MODE_COOKIE;
}

/** One cookie's value from a Cookie header; null when absent or not decodable. */
export function readCookie(header: string | undefined, name: string): string | null {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=');
    if (at < 0 || pair.slice(0, at).trim() !== name) continue;
    try {
      return decodeURIComponent(pair.slice(at + 1).trim()) || null;
    } catch {
      return null;
    }
  }
  return null;
}

/**
 * The Socket.IO handshake's credential from the session cookie, only when the page that opens the socket is
 * the API's own origin: a browser sends the cookie with a WebSocket opened by any page (cross-site WebSocket
 * hijacking), and always says which page in `Origin`. Without an Origin (not a browser) the cookie is not used.
 */
export function sameOriginSessionCookie(headers: IncomingHttpHeaders): string | null {
  return isSameOrigin(headers.origin, headers.host) ? readCookie(headers.cookie, ACCESS_COOKIE) : null;
}

export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

export class SessionCookies {
  private readonly secure: boolean;

  constructor(private readonly env: Pick<Env, 'PUBLIC_URL' | 'REFRESH_TOKEN_TTL'>) {
    this.secure = env.PUBLIC_URL.startsWith('https:');
  }

  /** Both cookies, living as long as their tokens: an expired access cookie is simply not sent, and the client refreshes. */
  set(res: Response, tokens: SessionTokens): void {
    res.cookie(ACCESS_COOKIE, tokens.accessToken, { ...this.options(ACCESS_PATH), maxAge: tokens.expiresIn * 1000 });
    res.cookie(REFRESH_COOKIE, tokens.refreshToken, { ...this.options(REFRESH_PATH), maxAge: this.env.REFRESH_TOKEN_TTL * 1000 });
  }

  clear(res: Response): void {
    res.clearCookie(ACCESS_COOKIE, this.options(ACCESS_PATH));
    res.clearCookie(REFRESH_COOKIE, this.options(REFRESH_PATH));
  }

  private options(path: string): CookieOptions {
    return { httpOnly: true, sameSite: 'strict', secure: this.secure, path };
  }
}
