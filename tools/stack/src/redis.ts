import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { startChild } from './child.js';
import { ensureCommand } from './debian-package.js';
import { StackError } from './log.js';
import { freePort } from './ports.js';
import type { Running } from './service.js';

/** Debian's redis-server, installed when missing (as root). */
export const ensureRedisServer = () => ensureCommand('redis-server', 'redis-server', 'or set REDIS_URL');

function waitForRedis(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = createConnection({ port, host: '127.0.0.1' });
      socket.once('connect', () => {
        socket.write('PING\r\n');
      });
      socket.once('data', (data) => {
        socket.destroy();
        if (data.toString().startsWith('+PONG')) resolve();
        else retry();
      });
      socket.once('error', () => {
        socket.destroy();
        retry();
      });
    };
    const retry = () => (Date.now() > deadline ? reject(new StackError(`redis-server did not answer on port ${port}`)) : setTimeout(attempt, 50));
    attempt();
  });
}

/**
 * A private redis-server on a free loopback port. `persistent` keeps an append-only file in `dir` so queued
 * jobs survive a restart of `./studio up`; throwaway test stacks keep nothing.
 */
export async function startRedis(opts: { dir: string; persistent: boolean; log: (line: string) => void; port?: number }): Promise<Running & { url: string }> {
  const bin = ensureRedisServer();
  mkdirSync(opts.dir, { recursive: true });
  // A given port: a restart (tools/stack/src/scale) comes back where its clients reconnect.
  const port = opts.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--dir', opts.dir, '--save', '', '--protected-mode', 'yes', '--loglevel', 'warning'];
  args.push('--appendonly', opts.persistent ? 'yes' : 'no');
  const child = startChild(bin, args, { label: 'redis', sink: opts.log });
  await Promise.race([
    waitForRedis(port),
    child.exited.then((code) => {
      throw new StackError(`redis-server exited (code ${code}) before it was ready`);
    }),
  ]);
  return { name: 'redis', url: `redis://127.0.0.1:${port}`, stop: () => child.stop() };
}
