import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createConnection } from 'node:net';
import { startChild } from './child.js';
import { say, StackError } from './log.js';
import { freePort } from './ports.js';
import type { Running } from './service.js';

function findRedisServer(): string | null {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** Debian's redis-server, installed with apt-get when missing and we are root; otherwise a clear instruction. */
export function ensureRedisServer(): string {
  const existing = findRedisServer();
  if (existing) return existing;
  if (process.getuid?.() !== 0) {
    throw new StackError('redis-server is not installed. Install it (Debian/Ubuntu: `sudo apt-get install -y redis-server`) or set REDIS_URL.');
  }
  say('redis-server is missing; installing it from Debian packages (apt-get install redis-server)...');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'redis-server'], { stdio: 'inherit', env });
  const installed = findRedisServer();
  if (!installed) throw new StackError('apt-get install redis-server finished but redis-server is still not on PATH.');
  return installed;
}

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
export async function startRedis(opts: { dir: string; persistent: boolean; log: (line: string) => void }): Promise<Running & { url: string }> {
  const bin = ensureRedisServer();
  mkdirSync(opts.dir, { recursive: true });
  const port = await freePort();
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
