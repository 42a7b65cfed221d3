import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { pinoHttp } from 'pino-http';
import { nestLevels, PINO_LEVEL, pathOf, pinoHttpOptions } from './log-options.js';

/** A pino destination that keeps each JSON line. */
function capture() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
      done();
    },
  });
  return { lines, stream };
}

/** Serves one request through pino-http with the apps' options; the handler logs one line of its own. */
async function serveOnce(options: ReturnType<typeof pinoHttpOptions>, path: string, headers: Record<string, string>, status = 200) {
  const { lines, stream } = capture();
  const middleware = pinoHttp(options, stream);
  const server = createServer((req: IncomingMessage & { log?: { info: (o: object, m: string) => void } }, res) => {
    middleware(req, res);
    req.log?.info({ step: 'handler' }, 'inside the request');
    res.writeHead(status).end('ok');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await (await fetch(`http://127.0.0.1:${port}${path}`, { headers })).text();
  server.close();
  // pino writes the closing line on the response's finish, after fetch has its answer.
  for (let i = 0; i < 50 && lines.length < 2; i++) await new Promise((r) => setImmediate(r));
  return lines;
}

describe('pinoHttpOptions', () => {
  it('logs each request as one JSON line with the request id of X-Request-Id, method, path without query, status and duration', async () => {
    const lines = await serveOnce(pinoHttpOptions({ LOG_LEVEL: 'log' }, 'api'), '/api/things?token=sk-querysecret123', {
      'x-request-id': 'trace-abc',
      authorization: 'Bearer sk-headersecret456',
      cookie: 'studio_session=abc',
    });
    expect(lines).toHaveLength(2);
    const [inside, done] = lines;
    expect(inside).toMatchObject({ app: 'api', level: 30, requestId: 'trace-abc', step: 'handler', msg: 'inside the request' });
    expect(done).toMatchObject({ app: 'api', requestId: 'trace-abc', msg: 'request done', req: { method: 'GET', path: '/api/things' }, res: { status: 200 } });
    expect(done.durationMs).toEqual(expect.any(Number));
    const text = JSON.stringify(lines);
    expect(text).not.toMatch(/querysecret|headersecret|studio_session/);
  });

  it('logs a 5xx at error level', async () => {
    const [, done] = await serveOnce(pinoHttpOptions({ LOG_LEVEL: 'log' }, 'api'), '/boom', { 'x-request-id': 'trace-500' }, 503);
    expect(done).toMatchObject({ level: 50, requestId: 'trace-500', res: { status: 503 } });
  });

  it('answers health probes and scrapes without a line, but keeps the request id on what they log', async () => {
    const lines = await serveOnce(pinoHttpOptions({ LOG_LEVEL: 'log' }, 'api'), '/health/ready', { 'x-request-id': 'probe-1' });
    expect(lines).toEqual([expect.objectContaining({ requestId: 'probe-1', step: 'handler' })]);
  });

  it('redacts credential headers wherever they are logged', () => {
    const { lines, stream } = capture();
    const { logger } = pinoHttp(pinoHttpOptions({ LOG_LEVEL: 'log' }, 'worker'), stream);
    logger.info({ headers: { authorization: 'Bearer abc', cookie: 'c=1', 'set-cookie': 's=1', accept: 'x' } }, 'headers');
    expect(lines[0]).toMatchObject({ headers: { authorization: '[redacted]', cookie: '[redacted]', 'set-cookie': '[redacted]', accept: 'x' } });
  });

  it('masks a bearer or basic credential in free text: messages and string fields', () => {
    const { lines, stream } = capture();
    const { logger } = pinoHttp(pinoHttpOptions({ LOG_LEVEL: 'log' }, 'worker'), stream);
    logger.info('upstream said: Authorization: Bearer eyJhbGciOi.secret.part');
    logger.info({ err: 'Error: refused Basic dXNlcjpwYXNz', n: 3 }, 'call failed');
    expect(lines[0].msg).toBe('upstream said: Authorization: Bearer [redacted]');
    expect(lines[1]).toMatchObject({ err: 'Error: refused Basic [redacted]', n: 3, msg: 'call failed' });
  });

  it('honours LOG_LEVEL', () => {
    const { lines, stream } = capture();
    const { logger } = pinoHttp(pinoHttpOptions({ LOG_LEVEL: 'warn' }, 'worker'), stream);
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
    expect(PINO_LEVEL.verbose).toBe('trace');
    expect(nestLevels('log')).toEqual(['fatal', 'error', 'warn', 'log']);
  });
});

describe('pathOf', () => {
  it('drops the query string and fragment', () => {
    expect(pathOf('/a/b?x=1')).toBe('/a/b');
    expect(pathOf('/a#f')).toBe('/a');
    expect(pathOf(undefined)).toBe('/');
  });
});
