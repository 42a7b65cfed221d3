import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer, type IncomingMessage, request, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect, type Socket } from 'node:net';
import { endToEndHeaders } from './hop-by-hop.js';
import { forwardRequest, forwardUpgrade, type UpstreamFailure, type UpstreamTimeouts } from './upstream.js';

/**
 * The forwarding half of the preview proxy against fake dev servers (node http servers on 127.0.0.1): one
 * that never answers, one that answers with hop-by-hop headers, one that notices its request was aborted.
 */
const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  // Upgraded connections are no longer the server's: end them by hand.
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  server.on('connection', (socket: Socket) => sockets.add(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A proxy in front of `upstreamPort`, as the preview proxy forwards: request headers end to end, refusals by why. */
async function proxyTo(upstreamPort: number, timeouts: UpstreamTimeouts): Promise<{ port: number; refusals: UpstreamFailure[] }> {
  const refusals: UpstreamFailure[] = [];
  const address = { host: '127.0.0.1', port: upstreamPort };
  const front = createServer((req, res) =>
    forwardRequest(req, res, address, endToEndHeaders(req.rawHeaders), timeouts, (why) => {
      refusals.push(why);
      res.writeHead(why === 'timeout' ? 504 : 502).end(why);
    }),
  );
  front.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) =>
    forwardUpgrade(req, socket, head, address, endToEndHeaders(req.rawHeaders, { upgrade: true }), timeouts, (why) => {
      refusals.push(why);
      socket.end(`HTTP/1.1 ${why === 'timeout' ? '504 Gateway Timeout' : '502 Bad Gateway'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    }),
  );
  return { port: await listen(front), refusals };
}

function get(port: number, headers: Record<string, string> = {}): Promise<{ status: number; headers: IncomingMessage['headers']; rawHeaders: string[]; body: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/page?x=1', headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, rawHeaders: res.rawHeaders, body, ms: Date.now() - started }));
    });
    req.once('error', reject);
    req.end();
  });
}

/** Sends a websocket upgrade to `port`; resolves with the first line of the answer and how long it took. */
function upgrade(port: number): Promise<{ line: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let seen = '';
    socket.on('data', (c) => {
      seen += c.toString('latin1');
      if (seen.includes('\r\n')) {
        socket.destroy();
        resolve({ line: seen.split('\r\n')[0], ms: Date.now() - started });
      }
    });
    socket.once('error', reject);
    socket.write('GET /hmr HTTP/1.1\r\nHost: p.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
  });
}

const quick: UpstreamTimeouts = { connectMs: 1_000, responseMs: 300 };

describe('forwardRequest', () => {
  it('answers 504 when the dev server never answers, within the response deadline', async () => {
    const silent = await listen(createServer(() => undefined));
    const proxy = await proxyTo(silent, quick);
    const res = await get(proxy.port);
    expect(res.status).toBe(504);
    expect(proxy.refusals).toEqual(['timeout']);
    expect(res.ms).toBeLessThan(2_000);
  });

  it('answers 504 when the dev server never accepts the connection, within the connect deadline', async () => {
    // A listener whose process is busy forever never accepts: once its small backlog is full, the kernel
    // leaves further connections unanswered, as a frozen container's does.
    const frozen = spawn(process.execPath, [
      '-e',
      "require('node:net').createServer().listen({ port: 0, host: '127.0.0.1', backlog: 1 }, function () { require('node:fs').writeSync(1, this.address().port + '\\n'); for (;;); })",
    ]);
    const fillers: Socket[] = [];
    try {
      const [line] = (await once(frozen.stdout, 'data')) as [Buffer];
      const port = Number(String(line).trim());
      for (let connected = true; connected && fillers.length < 16; ) {
        const filler = connect(port, '127.0.0.1');
        fillers.push(filler);
        connected = await new Promise<boolean>((resolve) => {
          filler.once('connect', () => resolve(true));
          setTimeout(() => resolve(false), 300);
        });
      }
      const proxy = await proxyTo(port, { connectMs: 300, responseMs: 10_000 });
      const res = await get(proxy.port);
      expect(res.status).toBe(504);
      expect(proxy.refusals).toEqual(['timeout']);
      expect(res.ms).toBeLessThan(3_000);
    } finally {
      fillers.forEach((f) => f.destroy());
      frozen.kill('SIGKILL');
    }
  });

  it('answers 502 when nothing listens', async () => {
    const gone = await listen(createServer(() => undefined));
    await new Promise((r) => servers.pop()!.close(r));
    const proxy = await proxyTo(gone, quick);
    expect((await get(proxy.port)).status).toBe(502);
    expect(proxy.refusals).toEqual(['unreachable']);
  });

  it('strips hop-by-hop headers both ways, and those Connection names, and keeps the rest (duplicates too)', async () => {
    let seen: IncomingMessage['headers'] = {};
    const upstream = await listen(
      createServer((req, res) => {
        seen = req.headers;
        res.writeHead(200, [
          'Content-Type',
          'text/plain',
          'Connection',
          'X-Upstream-Private, close',
          'X-Upstream-Private',
          'secret',
          'Keep-Alive',
          'timeout=99',
          'Proxy-Authenticate',
          'Basic',
          'Trailer',
          'X-Checksum',
          'Upgrade',
          'h2c',
          'Set-Cookie',
          'a=1',
          'Set-Cookie',
          'b=2',
        ]);
        res.end('hello');
      }),
    );
    const proxy = await proxyTo(upstream, quick);
    const res = await get(proxy.port, {
      connection: 'keep-alive, X-Client-Private',
      'x-client-private': 'secret',
      'keep-alive': 'timeout=5',
      'proxy-authorization': 'Basic eDp5',
      te: 'trailers',
      upgrade: 'websocket',
      'x-kept': 'yes',
    });
    expect(res.body).toBe('hello');
    for (const name of ['x-client-private', 'keep-alive', 'proxy-authorization', 'te', 'upgrade']) expect(seen[name]).toBeUndefined();
    expect(seen['x-kept']).toBe('yes');
    for (const name of ['x-upstream-private', 'proxy-authenticate', 'trailer', 'upgrade']) expect(res.headers[name]).toBeUndefined();
    // The front server speaks its own Keep-Alive with the browser; the dev server's never reaches it.
    expect(res.rawHeaders).not.toContain('timeout=99');
    expect(res.headers['set-cookie']).toEqual(['a=1', 'b=2']);
    expect(res.headers['content-type']).toBe('text/plain');
  });

  it('destroys the upstream request when the browser goes away before the answer is complete', async () => {
    let upstreamClosed: () => void = () => undefined;
    const closed = new Promise<void>((r) => (upstreamClosed = r));
    let answering: ServerResponse | undefined;
    const upstream = await listen(
      createServer((req, res) => {
        answering = res;
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('first part, the rest never comes');
        req.socket.once('close', upstreamClosed);
      }),
    );
    const proxy = await proxyTo(upstream, { connectMs: 1_000, responseMs: 10_000 });
    await new Promise<void>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: proxy.port, path: '/' }, (res) => {
        res.once('data', () => {
          req.destroy();
          resolve();
        });
      });
      req.once('error', () => undefined);
      req.once('close', () => resolve());
      req.end();
      setTimeout(() => reject(new Error('no first byte')), 5_000);
    });
    const leftOpen = new Promise((resolve) => setTimeout(() => resolve('the upstream request was left open'), 3_000));
    expect(await Promise.race([closed.then(() => 'closed'), leftOpen])).toBe('closed');
    // Closed by the proxy, not because the dev server finished.
    expect(answering?.writableEnded).toBe(false);
  });
});

describe('forwardUpgrade', () => {
  it('answers 504 when the dev server never answers the upgrade', async () => {
    const silent = createServer(() => undefined);
    silent.on('upgrade', () => undefined);
    const proxy = await proxyTo(await listen(silent), quick);
    const answer = await upgrade(proxy.port);
    expect(answer.line).toMatch(/^HTTP\/1\.1 504 /);
    expect(answer.ms).toBeLessThan(2_000);
    expect(proxy.refusals).toEqual(['timeout']);
  });

  it('passes the 101 back without hop-by-hop headers and tunnels bytes both ways', async () => {
    const upstreamServer = createServer(() => undefined);
    upstreamServer.on('upgrade', (req: IncomingMessage, socket: Socket) => {
      socket.write(
        'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade, X-Private\r\nX-Private: 1\r\nKeep-Alive: timeout=3\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n',
      );
      socket.on('data', (d) => socket.write(`echo:${d}`));
    });
    const proxy = await proxyTo(await listen(upstreamServer), quick);
    const socket = connect(proxy.port, '127.0.0.1');
    let seen = '';
    socket.on('data', (c) => {
      seen += c.toString('latin1');
      if (seen.includes('\r\n\r\n') && !seen.includes('echo:')) socket.write('ping');
    });
    socket.write('GET /hmr HTTP/1.1\r\nHost: p.test\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n');
    const deadline = Date.now() + 3_000;
    while (!seen.includes('echo:ping') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    socket.destroy();
    const [head] = seen.split('\r\n\r\n');
    expect(head.split('\r\n')[0]).toBe('HTTP/1.1 101 Switching Protocols');
    expect(head).toMatch(/\r\nUpgrade: websocket/);
    expect(head).toMatch(/\r\nConnection: Upgrade/);
    expect(head).toMatch(/\r\nSec-WebSocket-Accept: /);
    expect(head).not.toMatch(/X-Private|Keep-Alive/i);
    expect(seen).toContain('echo:ping');
  });
});

describe('endToEndHeaders', () => {
  it('keeps Upgrade only on an upgrade', () => {
    const raw = ['Upgrade', 'websocket', 'Connection', 'Upgrade', 'Host', 'p.test'];
    expect(endToEndHeaders(raw)).toEqual(['Host', 'p.test']);
    expect(endToEndHeaders(raw, { upgrade: true })).toEqual(['Upgrade', 'websocket', 'Host', 'p.test']);
  });
});
