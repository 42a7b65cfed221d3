import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter } from '@socket.io/redis-adapter';
import { createRedis } from '@studio/platform';
import type { Redis } from 'ioredis';
import type { Server, ServerOptions } from 'socket.io';

/**
 * Socket.IO over the Redis adapter, so a room spans every API process and the worker's emitter reaches
 * every browser in it. The adapter needs two connections of its own (one subscribes).
 */
export class RedisIoAdapter extends IoAdapter {
  private readonly pub: Redis;
  private readonly sub: Redis;

  constructor(
    app: INestApplicationContext,
    redisUrl: string,
    private readonly corsOrigin: string[] | boolean,
  ) {
    super(app);
    this.pub = createRedis(redisUrl, 'api-io-pub');
    this.sub = createRedis(redisUrl, 'api-io-sub');
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, {
      ...(options as ServerOptions),
      cors: { origin: this.corsOrigin, credentials: false },
      // A slow client should not hold a turn's events in memory forever.
      maxHttpBufferSize: 1e6,
    });
    server.adapter(createAdapter(this.pub, this.sub, { key: 'studio:io' }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await Promise.allSettled([this.pub.quit(), this.sub.quit()]);
  }
}
