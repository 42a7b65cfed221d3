import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@studio/platform';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '../common/domain-error.js';

// INCR and set the window's expiry in one round trip, atomically, so concurrent API processes share a count.
const HIT = `
local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return { n, redis.call('PTTL', KEYS[1]) }`;

// A token bucket: `capacity` tokens, refilled continuously over `periodMs`; Redis's clock, so every API
// process agrees. Answers {1, 0} when a token was taken, {0, ms until one is available} otherwise.
const TAKE = `
local capacity = tonumber(ARGV[1])
local period = tonumber(ARGV[2])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - at) * capacity / period)
local taken = 0
local wait = 0
if tokens >= 1 then
  tokens = tokens - 1
  taken = 1
else
  wait = math.ceil((1 - tokens) * period / capacity)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', now)
redis.call('PEXPIRE', KEYS[1], period)
return { taken, wait }`;

// Gives back one token (a request that took one and then failed must not have spent it), never past capacity.
const REFUND = `
local tokens = tonumber(redis.call('HGET', KEYS[1], 'tokens'))
if tokens then redis.call('HSET', KEYS[1], 'tokens', tostring(math.min(tonumber(ARGV[1]), tokens + 1))) end
return 1`;

/** Rate limits in Redis, shared by every API process: fixed windows for sign-in, a token bucket for turns. */
@Injectable()
export class RateLimiter {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** Counts one attempt against `key`; throws RATE_LIMITED (with when to retry) once over `limit` in the window. */
  async hit(key: string, limit: number, windowMs = 60_000): Promise<void> {
    const [count, ttl] = (await this.redis.eval(HIT, 1, `studio:ratelimit:${key}`, windowMs)) as [number, number];
    if (count > limit) throw new RateLimitedError(Math.max(1, Math.ceil(ttl / 1000)));
  }

  /** Takes one token from `key`'s bucket (`capacity` per `periodMs`); throws RATE_LIMITED with when one is back. */
  async take(key: string, capacity: number, periodMs = 60_000): Promise<void> {
    const [taken, waitMs] = (await this.redis.eval(TAKE, 1, `studio:bucket:${key}`, capacity, periodMs)) as [number, number];
    if (!taken) throw new RateLimitedError(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  /** Puts back the token `take` took, for work that then failed. */
  async refund(key: string, capacity: number): Promise<void> {
    await this.redis.eval(REFUND, 1, `studio:bucket:${key}`, capacity);
  }

  /**
   * Runs `work` against `key`'s bucket: a token is taken first (so a flood cannot run past the limit in
   * parallel) and given back if the work fails, so a refused request never spends one.
   */
  async spendOn<T>(key: string, capacity: number, work: () => Promise<T>, periodMs = 60_000): Promise<T> {
    await this.take(key, capacity, periodMs);
    try {
      return await work();
    } catch (err) {
      await this.refund(key, capacity).catch(() => undefined);
      throw err;
    }
  }
}
