import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import type { ErrorCode } from '@studio/contracts';
import { HTTP_STATUS } from '../common/error-status.js';
import type { PathRefusal } from './site-paths.js';

/** Every way a site's origin says no to a page request, each a stable code (in `X-Studio-Error`). */
export type SiteRefusal = Extract<ErrorCode, 'SITE_NOT_FOUND' | 'METHOD_NOT_ALLOWED' | 'DEPENDENCY_DOWN'> | PathRefusal;

// Neutral: it names neither the platform nor whether a site ever lived here.
const NOT_FOUND_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">' +
  '<meta name="robots" content="noindex"><title>Not found</title></head>' +
  '<body style="font:16px system-ui,sans-serif;color:#555;display:grid;place-items:center;min-height:90vh;margin:0"><p>There is no site here.</p></body></html>\n';

const MESSAGES: Record<SiteRefusal, string> = {
  SITE_NOT_FOUND: NOT_FOUND_PAGE,
  METHOD_NOT_ALLOWED: 'This address answers GET and HEAD only.\n',
  DEPENDENCY_DOWN: 'The site could not be loaded; try again in a moment.\n',
  PATH_TOO_LONG: 'The address is too long.\n',
  PATH_TRAVERSAL: 'The address has a "." or ".." segment.\n',
  PATH_BACKSLASH: 'The address has a backslash.\n',
  PATH_CONTROL_CHARACTER: 'The address has a control character.\n',
  VALIDATION_FAILED: 'The address is not valid.\n',
};

/**
 * Answers a refused page request with the code's status (apps/api/src/common/error-status.ts), or `status`
 * where the site origin's differs: the object store failing under a live deployment is a bad gateway (502,
 * `DEPENDENCY_DOWN`), as the preview origin answers an unreachable preview.
 */
export function refusePage(res: ServerResponse, code: SiteRefusal, base: OutgoingHttpHeaders, extra: OutgoingHttpHeaders = {}, status?: number): void {
  if (res.headersSent) return void res.destroy();
  const body = MESSAGES[code];
  res.writeHead(status ?? HTTP_STATUS[code], {
    ...base,
    'Content-Type': code === 'SITE_NOT_FOUND' ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    'X-Studio-Error': code,
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}

/** The form endpoint's answers: JSON, as the API's (`{error: {code, message, details?}}`), for the page's script. */
export function answerJson(res: ServerResponse, status: number, body: unknown, base: OutgoingHttpHeaders, extra: OutgoingHttpHeaders = {}): void {
  if (res.headersSent) return void res.destroy();
  const text = JSON.stringify(body);
  res.writeHead(status, { ...base, 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-store', ...extra });
  res.end(text);
}

export type FormRefusal = Extract<ErrorCode, 'FORM_INVALID' | 'FORM_TOO_LARGE' | 'FORM_REJECTED' | 'FORM_RATE_LIMITED' | 'SITE_NOT_FOUND' | 'DEPENDENCY_DOWN' | 'METHOD_NOT_ALLOWED'>;

export function refuseForm(res: ServerResponse, code: FormRefusal, message: string, base: OutgoingHttpHeaders, extra: { retryAfterSeconds?: number; headers?: OutgoingHttpHeaders } = {}): void {
  const details = extra.retryAfterSeconds === undefined ? undefined : { retryAfterSeconds: extra.retryAfterSeconds };
  answerJson(res, HTTP_STATUS[code], { error: { code, message, ...(details ? { details } : {}) } }, base, {
    'X-Studio-Error': code,
    ...(extra.retryAfterSeconds === undefined ? {} : { 'Retry-After': String(extra.retryAfterSeconds) }),
    // A body we stopped reading is not worth the connection.
    ...(code === 'FORM_TOO_LARGE' ? { Connection: 'close' } : {}),
    ...extra.headers,
  });
}
