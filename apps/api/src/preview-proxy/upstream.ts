import { type ClientRequest, type IncomingMessage, request, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { endToEndHeaders } from './hop-by-hop.js';

/** Where a preview's dev server listens. */
export interface UpstreamAddress {
  host: string;
  port: number;
}

/** How long the proxy waits for a preview: to connect, and for the answer's headers (or an upgrade's answer). */
export interface UpstreamTimeouts {
  connectMs: number;
  responseMs: number;
}

/** Why there is no answer to pass on: the deadline passed, or the dev server could not be reached. */
export type UpstreamFailure = 'timeout' | 'unreachable';

interface Outcome {
  response(answer: IncomingMessage): void;
  upgrade?(answer: IncomingMessage, socket: Duplex, head: Buffer): void;
  failed(why: UpstreamFailure): void;
}

/**
 * Sends one request to the dev server under the proxy's deadlines. Exactly one of `outcome`'s callbacks
 * runs; a request past a deadline is destroyed, so a preview that never answers holds nothing for long.
 */
function send(address: UpstreamAddress, init: { method: string; path: string; headers: string[] }, timeouts: UpstreamTimeouts, outcome: Outcome): ClientRequest {
  const upstream = request({ host: address.host, port: address.port, method: init.method, path: init.path, headers: init.headers });
  let settled = false;
  const settle = () => {
    if (settled) return false;
    settled = true;
    clearTimeout(connectTimer);
    clearTimeout(answerTimer);
    return true;
  };
  const giveUp = () => {
    if (!settle()) return;
    upstream.destroy();
    outcome.failed('timeout');
  };
  const connectTimer = setTimeout(giveUp, timeouts.connectMs);
  const answerTimer = setTimeout(giveUp, timeouts.responseMs);
  upstream.once('socket', (socket) => {
    // A kept-alive connection is already open.
    if (!socket.connecting) clearTimeout(connectTimer);
    else socket.once('connect', () => clearTimeout(connectTimer));
  });
  upstream.once('response', (answer) => {
    if (settle()) outcome.response(answer);
    else answer.resume();
  });
  upstream.once('upgrade', (answer, socket, head) => {
    if (!settle()) return void socket.destroy();
    if (outcome.upgrade) return outcome.upgrade(answer, socket, head);
    // A 101 to a request that asked for no upgrade (its Upgrade header was stripped) is no answer at all.
    socket.destroy();
    outcome.failed('unreachable');
  });
  // After the outcome, errors are the ends of connections someone else already closed.
  upstream.on('error', () => {
    if (settle()) outcome.failed('unreachable');
  });
  return upstream;
}

/**
 * Forwards an HTTP request to the dev server and its answer back, hop-by-hop headers stripped both ways
 * (`headers` are the request's, already prepared by the caller). When the browser goes away before the
 * answer is complete, the upstream request is destroyed: nobody is waiting for the rest.
 */
export function forwardRequest(req: IncomingMessage, res: ServerResponse, address: UpstreamAddress, headers: string[], timeouts: UpstreamTimeouts, refuse: (why: UpstreamFailure) => void): void {
  const upstream = send(address, { method: req.method ?? 'GET', path: req.url ?? '/', headers }, timeouts, {
    response: (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage, endToEndHeaders(answer.rawHeaders));
      // A dev server that stops mid-answer: the browser must see a cut answer, not a complete-looking one.
      answer.once('aborted', () => res.destroy());
      answer.once('error', () => res.destroy());
      answer.pipe(res);
    },
    failed: (why) => {
      if (!res.headersSent) refuse(why);
      else res.destroy();
    },
  });
  res.once('close', () => {
    if (!res.writableFinished) upstream.destroy();
  });
  req.once('error', () => upstream.destroy());
  req.pipe(upstream);
}

/**
 * Forwards a websocket upgrade (Vite's HMR socket): the dev server's 101 goes back with end-to-end headers
 * and `Connection: Upgrade`, then bytes flow both ways until either side closes. A refusal from the dev server
 * is passed on as it is; no answer in time is `refuse('timeout')`.
 */
export function forwardUpgrade(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
  address: UpstreamAddress,
  headers: string[],
  timeouts: UpstreamTimeouts,
  refuse: (why: UpstreamFailure) => void,
): void {
  const upstream = send(address, { method: req.method ?? 'GET', path: req.url ?? '/', headers: [...headers, 'Connection', 'Upgrade'] }, timeouts, {
    upgrade: (answer, tunnel, tunnelHead) => {
      socket.write(statusLine(101, answer.statusMessage) + headerLines([...endToEndHeaders(answer.rawHeaders, { upgrade: true }), 'Connection', 'Upgrade']));
      if (tunnelHead.length) socket.write(tunnelHead);
      if (head.length) tunnel.write(head);
      const close = () => {
        tunnel.destroy();
        socket.destroy();
      };
      tunnel.once('error', close);
      tunnel.once('close', close);
      socket.once('close', close);
      tunnel.pipe(socket);
      socket.pipe(tunnel);
    },
    response: (answer) => {
      // The dev server did not upgrade: its answer, then the connection ends (it carries no framing of its own now).
      socket.write(statusLine(answer.statusCode ?? 502, answer.statusMessage) + headerLines([...endToEndHeaders(answer.rawHeaders), 'Connection', 'close']));
      answer.once('error', () => socket.destroy());
      answer.pipe(socket);
    },
    failed: refuse,
  });
  socket.on('error', () => upstream.destroy());
  socket.once('close', () => upstream.destroy());
  upstream.end();
}

const statusLine = (status: number, message?: string) => `HTTP/1.1 ${status} ${message || STATUS_CODES[status] || ''}\r\n`;

function headerLines(raw: readonly string[]): string {
  let out = '';
  for (let i = 0; i < raw.length; i += 2) out += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${out}\r\n`;
}
