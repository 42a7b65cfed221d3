import type { IncomingMessage } from 'node:http';
import { PREVIEW_COOKIE } from '../previews/preview-links.js';
import { endToEndHeaders } from './hop-by-hop.js';
import { withoutCookie } from './preview-host.js';

/**
 * The request's headers as the dev server gets them: end to end only, without our cookie, and with the
 * host and scheme the browser used.
 */
export function upstreamHeaders(req: Pick<IncomingMessage, 'rawHeaders' | 'headers'>, upgrade: boolean, publicScheme: string): string[] {
  const raw = endToEndHeaders(req.rawHeaders, { upgrade });
  const headers: string[] = [];
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (name === 'x-forwarded-host' || name === 'x-forwarded-proto') continue;
    const value = name === 'cookie' ? withoutCookie(raw[i + 1], PREVIEW_COOKIE) : raw[i + 1];
    if (value) headers.push(raw[i], value);
  }
  headers.push('X-Forwarded-Host', req.headers.host ?? '', 'X-Forwarded-Proto', publicScheme);
  return headers;
}
