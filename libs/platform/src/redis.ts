import { Redis, type RedisOptions } from 'ioredis';

/**
 * Connection options from REDIS_URL. BullMQ workers need `maxRetriesPerRequest: null` (they block on
 * Redis); request-path clients keep a bound so a Redis outage fails a request instead of hanging it.
 */
export function redisOptions(url: string, forBlocking = false): RedisOptions {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 6379),
    username: u.username ? decodeURIComponent(u.username) : undefined,
    password: u.password ? decodeURIComponent(u.password) : undefined,
    db: u.pathname.length > 1 ? Number(u.pathname.slice(1)) : 0,
    tls: u.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: forBlocking ? null : 2,
    enableOfflineQueue: forBlocking,
    connectTimeout: 5000,
  };
}

export const createRedis = (url: string, name: string) => new Redis({ ...redisOptions(url), connectionName: name });

/**
 * A connection that queues commands while (re)connecting: for pub/sub subscribers (ioredis resubscribes
 * after a reconnect) and publishers that must not lose a message to a blip.
 */
export const createPubSubRedis = (url: string, name: string) => new Redis({ ...redisOptions(url), enableOfflineQueue: true, connectionName: name });
