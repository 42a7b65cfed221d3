import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@studio/platform';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '../common/domain-error.js';

// INCR and set the window's expiry in one round trip, atomically, so concurrent API processes share a count.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }`;

/** Fixed-window counters in Redis, shared by every API process. */
@Injectable()
export class RateLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Counts one attempt against `key`; throws RATE_LIMITED (with when to retry) once over `limit` in the window. */
  async hit(key: string, limit: number, windowMs = 60_000): Promise<void> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, `studio:ratelimit:${key}`, windowMs)) as [number, number];
    if (count > limit) throw new RateLimitedError(Math.max(1, Math.ceil(ttl / 1000)));
  }
}
