import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createPubSubRedis } from '@studio/platform';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Socket.IO over the Redis adapter, so a room spans every API process and the worker's emitter reaches
 * every browser in it. The adapter needs two connections of its own (one subscribes). Both queue commands
 * while (re)connecting: the adapter subscribes as the server is made, which may be before Redis answers (a
 * compose deployment starting), and a subscriber must come back subscribed after a Redis restart.
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;
  /** The server it made (one per process): graceful shutdown tells its sockets to go. */
  server?: Server;

  constructor(
    app: INestApplicationContext,
    redisUrl: string,
    private readonly corsOrigin: string[] | boolean,
  ) {
    super(app);
    this.pub = createPubSubRedis(redisUrl, 'api-io-pub');
    this.sub = createPubSubRedis(redisUrl, 'api-io-sub');
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...(options as ServerOptions),
      cors: { origin: this.corsOrigin, credentials: false },
      // A slow client should not hold a turn's events in memory forever.
      maxHttpBufferSize: 1e6,
    });
    server.adapter(createAdapter(this.pub, this.sub, { key: 'studio:io' }));
    this.server = server;
    this.resyncAfterOutage(server);
    return server;
  }

  /**
   * Pub/sub keeps nothing: what the worker published while this process's subscriber was away (a Redis restart,
   * a network blip) never reaches its sockets, and a socket that stays connected would not know it missed it.
   * When the subscriber is back, every local connection's transport is closed: the clients reconnect and
   * rejoin with `afterSeq`, and the stored event log gives them what they missed, once.
   */
  private resyncAfterOutage(server: Server) {
    let lost = false;
    this.sub.on('close', () => {
      lost = true;
    });
    this.sub.on('ready', () => {
      if (!lost) return;
      lost = false;
      for (const socket of server.of('/').sockets.values()) socket.conn.close();
    });
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
