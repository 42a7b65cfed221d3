import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import type { INestApplication, LoggerService } from '@nestjs/common';
import type { Env } from '@studio/config';
import { Draining, onStopSignal } from '@studio/platform';
import type { Server as IoServer } from 'socket.io';

const IDLE_SWEEP_MS = 100;

export interface ApiShutdownDeps {
  draining: Pick<Draining, 'begin'>;
  http: Pick<HttpServer, 'close' | 'closeIdleConnections' | 'closeAllConnections'>;
  /** This process's Socket.IO server, if it made one. */
  io?: { engine: { close(): unknown } };
  /** Upgraded connections still open (websockets: Socket.IO's, and previews' through the proxy). */
  upgraded: Set<Duplex>;
  graceMs: number;
  log: (msg: string) => void;
}

/**
 * The API's graceful shutdown (docs/DEPLOYMENT.md "Shutdown and the grace a deployment must allow"): draining
 * begins (readiness answers 503), the listener stops accepting connections, this process's sockets are told to
 * go (their transports close: the client reconnects, reaching another API process, and resumes with `afterSeq`), and requests in flight
 * get `graceMs` to finish; past it their connections are closed. Resolves when the server has closed.
 */
export async function shutDownApi(deps: ApiShutdownDeps): Promise<void> {
  const { http, graceMs, log } = deps;
  deps.draining.begin();
  const closed = new Promise<boolean>((resolve) => http.close(() => resolve(true)));
  http.closeIdleConnections();
  // The transports close without a Socket.IO disconnect (which clients do not reconnect after): each client sees
  // "transport close", reconnects (to another process) and rejoins with afterSeq. Only this process's sockets:
  // disconnectSockets would reach every process through the Redis adapter.
  deps.io?.engine.close();
  // A websocket would hold the server open for the whole grace (close() waits for every connection): a preview's
  // reconnects on its own, to another process.
  for (const socket of deps.upgraded) socket.destroy();
  // A kept-alive connection whose request just ended would otherwise stay open until its keep-alive timeout.
  const idle = setInterval(() => http.closeIdleConnections(), IDLE_SWEEP_MS);
  const grace = new AbortController();
  const inTime = await Promise.race([closed, sleep(graceMs, false, { signal: grace.signal }).catch(() => false)]);
  grace.abort();
  clearInterval(idle);
  if (!inTime) {
    log(`grace of ${graceMs} ms over: closing the connections of requests still running`);
    http.closeAllConnections();
    await closed;
  }
}

/** Records the server's upgraded connections while they are open (the server itself stops tracking them). */
export function trackUpgrades(http: Pick<HttpServer, 'on'>): Set<Duplex> {
  const upgraded = new Set<Duplex>();
  http.on('upgrade', (_req, socket: Duplex) => {
    upgraded.add(socket);
    socket.once('close', () => upgraded.delete(socket));
  });
  return upgraded;
}

/**
 * On SIGTERM (or SIGINT): drains within SHUTDOWN_GRACE_MS, closes the application (its shutdown hooks: the
 * site host, queues, Redis, Postgres) and exits 0. The same signal a second time exits at once (1).
 */
export function exitGracefully(app: INestApplication, io: { server?: IoServer }, env: Pick<Env, 'SHUTDOWN_GRACE_MS'>, logger: LoggerService): void {
  const upgraded = trackUpgrades(app.getHttpServer());
  onStopSignal({
    graceMs: env.SHUTDOWN_GRACE_MS,
    logger,
    drain: () =>
      shutDownApi({
        draining: app.get(Draining, { strict: false }),
        http: app.getHttpServer(),
        io: io.server,
        upgraded,
        graceMs: env.SHUTDOWN_GRACE_MS,
        log: (msg) => logger.log(msg, 'Shutdown'),
      }),
    close: () => app.close(),
  });
}
