import { Writable } from 'node:stream';
import { PinoLogger } from 'nestjs-pino';
import { runInLogContext } from './log-context.js';
import { pinoHttpOptions } from './log-options.js';
import { currentRequestId, runWithRequestId } from './request-context.js';

describe('runInLogContext', () => {
  it('keeps the request id for what is enqueued even without JSON logs (no root logger yet)', async () => {
    expect(currentRequestId()).toBeUndefined();
    const seen = await runInLogContext({ requestId: 'plain-1' }, async () => {
      await new Promise((r) => setImmediate(r));
      return currentRequestId();
    });
    expect(seen).toBe('plain-1');
    expect(currentRequestId()).toBeUndefined();
  });

  it('binds its fields to every line logged inside, across awaits, and nests', async () => {
    const lines: Record<string, unknown>[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _enc, done) {
        for (const line of chunk.toString().split('\n')) if (line) lines.push(JSON.parse(line));
        done();
      },
    });
    const log = new PinoLogger({ pinoHttp: [pinoHttpOptions({ LOG_LEVEL: 'debug' }, 'worker'), stream] });
    log.info('outside');
    await runInLogContext({ requestId: 'req-1', job: 'export.build' }, async () => {
      await new Promise((r) => setImmediate(r));
      log.debug({ msg: 'event export:ready' });
      expect(currentRequestId()).toBe('req-1');
      runInLogContext({ requestId: 'req-2' }, () => log.info('nested'));
    });
    expect(lines.map((l) => [l.msg, l.requestId, l.job])).toEqual([
      ['outside', undefined, undefined],
      ['event export:ready', 'req-1', 'export.build'],
      ['nested', 'req-2', 'export.build'],
    ]);
    expect(lines.every((l) => l.app === 'worker')).toBe(true);
  });
});

describe('runWithRequestId', () => {
  it('scopes the id to the work it runs', () => {
    expect(runWithRequestId('a', () => [currentRequestId(), runWithRequestId('b', currentRequestId)])).toEqual(['a', 'b']);
    expect(currentRequestId()).toBeUndefined();
  });
});
