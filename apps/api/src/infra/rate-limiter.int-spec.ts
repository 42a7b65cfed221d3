import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { RateLimitedError } from '../common/domain-error.js';
import { RateLimiter } from './rate-limiter.service.js';

/** Against the test stack's real Redis: the counters every API process shares. */
let redis: Redis;
beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL!);
});
afterAll(() => redis.quit());

describe('RateLimiter', () => {
  it('allows the limit, then refuses with when to retry, then allows again after the window', async () => {
    const limiter = new RateLimiter(redis);
    const key = `test:${randomUUID()}`;
    for (let i = 0; i < 3; i++) await limiter.hit(key, 3, 1000);
    const refused = await limiter.hit(key, 3, 1000).catch((e) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused.retryAfterSeconds).toBe(1);
    await new Promise((r) => setTimeout(r, 1100));
    await expect(limiter.hit(key, 3, 1000)).resolves.toBeUndefined();
  });

  it('two limiters (two API processes) share one count', async () => {
    const other = new Redis(process.env.REDIS_URL!);
    try {
      const key = `test:${randomUUID()}`;
      const a = new RateLimiter(redis);
      const b = new RateLimiter(other);
      await Promise.all([a.hit(key, 4), b.hit(key, 4), a.hit(key, 4), b.hit(key, 4)]);
      await expect(a.hit(key, 4)).rejects.toBeInstanceOf(RateLimitedError);
    } finally {
      other.disconnect();
    }
  });
});
