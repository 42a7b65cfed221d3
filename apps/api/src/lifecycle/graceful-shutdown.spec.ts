import { createServer, request, type Server, type ServerResponse } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { shutDownApi, trackUpgrades } from './graceful-shutdown.js';

/** A real HTTP server whose requests stay open until the test answers them. */
async function server() {
  const open: ServerResponse[] = [];
  const arrived: (() => void)[] = [];
  const http: Server = createServer((_req, res) => {
    open.push(res);
    arrived.shift()?.();
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const port = (http.address() as AddressInfo).port;
  /** Sends a request; resolves once the server holds it, with how it ended (status, or the connection's error). */
  const send = async () => {
    const held = new Promise<void>((resolve) => arrived.push(resolve));
    const ended = new Promise<string>((resolve) => {
      const req = request({ port, host: '127.0.0.1', path: '/' }, (res) => {
        res.resume();
        res.on('end', () => resolve(String(res.statusCode)));
      });
      req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
      req.end();
    });
    await held;
    return { ended };
  };
  return { http, open, send, port };
}

function deps(http: Server, graceMs: number) {
  const events: string[] = [];
  return {
    events,
    deps: {
      draining: { begin: () => void events.push('draining') },
      http,
      io: { engine: { close: () => void events.push('sockets told to go') } },
      upgraded: trackUpgrades(http),
      graceMs,
      log: (msg: string) => void events.push(msg),
    },
  };
}

describe('shutDownApi', () => {
  it('within the grace: draining begins, sockets are told to go, the request in flight finishes, then the server closes', async () => {
    const s = await server();
    const { ended } = await s.send();
    const d = deps(s.http, 60_000);
    const stopped = shutDownApi(d.deps);
    const ended2 = await Promise.race([ended.then(() => 'answered'), new Promise((r) => setImmediate(() => r('open')))]);
    expect(ended2).toBe('open');
    // No new connection is accepted.
    const refused = await new Promise<string>((resolve) =>
      connect(s.port, '127.0.0.1')
        .on('connect', () => resolve('accepted'))
        .on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error')),
    );
    expect(refused).toBe('ECONNREFUSED');
    s.open[0].end('done');
    expect(await ended).toBe('200');
    await stopped;
    expect(d.events).toEqual(['draining', 'sockets told to go']);
    expect(s.http.listening).toBe(false);
  });

  it('past the grace: the connections of requests still running are closed', async () => {
    const s = await server();
    const { ended } = await s.send();
    const d = deps(s.http, 20);
    await shutDownApi(d.deps);
    expect(await ended).toBe('ECONNRESET');
    expect(d.events).toEqual(['draining', 'sockets told to go', 'grace of 20 ms over: closing the connections of requests still running']);
  });
});
