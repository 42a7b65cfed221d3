import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { WebhookTarget } from '@studio/platform';
import { postOnce } from './webhook-sender.js';

/** A loopback server standing in for a receiver; `handle` decides each answer. */
let server: Server;
let port: number;
let handle: (req: IncomingMessage, res: ServerResponse, body: string) => void;
const seen: { host?: string; body: string; headers: IncomingMessage['headers'] }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      seen.push({ host: req.headers.host, body, headers: req.headers });
      handle(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => (seen.length = 0));

/** A name nobody can resolve, pinned to the loopback address as if the policy had checked it. */
const pinned = (path = '/hook'): WebhookTarget => ({ url: new URL(`http://hooks.invalid:${port}${path}`), host: 'hooks.invalid', addresses: [{ address: '127.0.0.1', family: 4 }] });

describe('postOnce', () => {
  it('connects to the checked address only, never asking DNS, and keeps the host name in the Host header', async () => {
    handle = (_req, res) => res.writeHead(204).end();
    const result = await postOnce(pinned('/hook?x=1'), { 'content-type': 'application/json' }, '{"a":1}', 2000);
    expect(result).toEqual({ status: 204, durationMs: expect.any(Number) });
    expect(seen).toEqual([{ host: `hooks.invalid:${port}`, body: '{"a":1}', headers: expect.objectContaining({ 'content-length': '7', 'content-type': 'application/json' }) }]);
  });

  it('reports an error status as it is', async () => {
    handle = (_req, res) => res.writeHead(500).end('boom');
    expect(await postOnce(pinned(), {}, '{}', 2000)).toEqual({ status: 500, durationMs: expect.any(Number) });
  });

  it('does not follow a redirect', async () => {
    handle = (req, res) => (req.url === '/hook' ? res.writeHead(307, { location: `http://127.0.0.1:${port}/elsewhere` }).end() : res.writeHead(200).end());
    expect(await postOnce(pinned(), {}, '{}', 2000)).toEqual({ status: 307, error: 'redirects are not followed', durationMs: expect.any(Number) });
    expect(seen.map((s) => s.host)).toEqual([`hooks.invalid:${port}`]);
  });

  it('gives up on a receiver that does not answer in time', async () => {
    handle = () => undefined;
    const result = await postOnce(pinned(), {}, '{}', 200);
    expect(result).toMatchObject({ error: 'no answer within 200 ms' });
    expect(result.durationMs).toBeGreaterThanOrEqual(190);
  });

  it('reports a refused connection', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', () => r()));
    const closedPort = (closed.address() as { port: number }).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const target: WebhookTarget = { url: new URL(`http://hooks.invalid:${closedPort}/`), host: 'hooks.invalid', addresses: [{ address: '127.0.0.1', family: 4 }] };
    expect(await postOnce(target, {}, '{}', 2000)).toMatchObject({ error: expect.stringMatching(/ECONNREFUSED 127\.0\.0\.1/) });
  });
});
