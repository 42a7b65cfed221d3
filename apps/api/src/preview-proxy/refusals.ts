import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { ErrorCode } from '@studio/contracts';

/** Every way the preview origin says no, each with its stable code (in `X-Studio-Error`) and a message for people. */
export type Refusal = Extract<
  ErrorCode,
  'PREVIEW_ACCESS_DENIED' | 'PREVIEW_LINK_INVALID' | 'PREVIEW_LINK_USED' | 'PREVIEW_SESSION_REVOKED' | 'NOT_FOUND' | 'PREVIEW_NOT_RUNNING' | 'PREVIEW_UNAVAILABLE' | 'PREVIEW_TIMEOUT'
>;

const REFUSALS: Record<Refusal, { status: number; message: string }> = {
  PREVIEW_ACCESS_DENIED: { status: 403, message: 'Open this preview from the app: it is visible to its owner only.' },
  PREVIEW_LINK_INVALID: { status: 403, message: 'This preview link is invalid or has expired. Open the preview again from the app.' },
  PREVIEW_LINK_USED: { status: 403, message: 'This preview link was already used (a link opens the preview once). Open the preview again from the app.' },
  PREVIEW_SESSION_REVOKED: { status: 403, message: 'The sign-in this preview was opened with has ended. Sign in and open the preview again from the app.' },
  // The project is gone or is another's: as far as this visitor knows, it never existed.
  NOT_FOUND: { status: 404, message: 'No such preview.' },
  PREVIEW_NOT_RUNNING: { status: 404, message: 'This preview is not running. Start it from the app.' },
  PREVIEW_UNAVAILABLE: { status: 502, message: 'The preview did not answer.' },
  PREVIEW_TIMEOUT: { status: 504, message: 'The preview took too long to answer.' },
};

/**
 * The refusals that pass by themselves: the preview is starting, restarting or slow. A frame or tab that
 * navigated to the preview meanwhile would keep the refusal on screen for good (nothing in it retries), so a
 * navigation gets a page that says so and loads the address again a moment later.
 */
const PASSING = new Set<Refusal>(['PREVIEW_NOT_RUNNING', 'PREVIEW_UNAVAILABLE', 'PREVIEW_TIMEOUT']);
export const isPassing = (code: Refusal) => PASSING.has(code);
const RETRY_SECONDS = 3;
/** The retry page runs nothing: a meta refresh, no scripts, nothing fetched. */
const RETRY_PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

/** A browser navigating a window or frame to this address (not a script, style or module fetch). */
const isNavigation = (req: IncomingMessage | undefined) => {
  const dest = req?.headers['sec-fetch-dest'];
  return req?.method === 'GET' && (dest === 'document' || dest === 'iframe');
};

const retryPage = (message: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="${RETRY_SECONDS}">` +
  `<title>Preview</title></head><body style="font:16px system-ui,sans-serif;color:#555;display:grid;place-items:center;min-height:90vh;margin:0">` +
  `<p>${message} Trying again in a moment…</p></body></html>\n`;

function answer(code: Refusal, req?: IncomingMessage): { status: number; headers: Record<string, string>; body: string } {
  const { status, message } = REFUSALS[code];
  const html = isPassing(code) && isNavigation(req);
  const body = html ? retryPage(message) : `${message}\n`;
  return {
    status,
    body,
    headers: {
      'Content-Type': html ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8',
      ...(html ? { 'Content-Security-Policy': RETRY_PAGE_CSP } : {}),
      'Content-Length': String(Buffer.byteLength(body)),
      'Cache-Control': 'no-store',
      'X-Content-Type-Options': 'nosniff',
      'X-Studio-Error': code,
    },
  };
}

/** Answers a refused request (`req` lets a navigation get the retry page of a passing refusal). */
export function refuse(res: ServerResponse, code: Refusal, req?: IncomingMessage): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const { status, headers, body } = answer(code, req);
  res.writeHead(status, headers).end(body);
}

/** The same refusal on a connection that asked for a websocket upgrade (no ServerResponse there). */
export function refuseUpgrade(socket: Duplex, code: Refusal): void {
  if (!socket.writable) return void socket.destroy();
  const { status, headers, body } = answer(code);
  const lines = Object.entries({ ...headers, Connection: 'close' }).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${lines.join('')}\r\n${body}`);
}
