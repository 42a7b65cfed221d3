import { randomUUID } from 'node:crypto';
import { loadEnv } from '@studio/config';
import { Redis } from 'ioredis';
import { RateLimitedError } from '../common/domain-error.js';
import { SignInThrottle } from './sign-in-throttle.js';

/** Against the test stack's real Redis: the failure counts every API process shares. */
let redis: Redis;
let throttle: SignInThrottle;
beforeAll(() => {
  redis = new Redis(process.env.REDIS_URL!);
  throttle = new SignInThrottle(redis, loadEnv({ ...process.env, AUTH_RATE_LIMIT_PER_IP: '5', AUTH_RATE_LIMIT_PER_EMAIL: '3' }));
});
afterAll(() => redis.quit());

class WrongPassword extends Error {}
const isFailure = (err: unknown) => err instanceof WrongPassword;
const email = () => `${randomUUID()}@example.test`;
const ip = () => `192.0.2.${Math.floor(Math.random() * 250) + 1}-${randomUUID().slice(0, 4)}`;
const fail = () => Promise.reject(new WrongPassword());
const succeed = () => Promise.resolve('signed in');
/** What one sign-in came to: 'ok', 'failed' (counted) or 'limited' (refused before it ran). */
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (err) => (err instanceof RateLimitedError ? 'limited' : err instanceof WrongPassword ? 'failed' : `unexpected ${err}`),
  );

describe('SignInThrottle', () => {
  it('an address that failed for an email is stopped at the per-email limit; another address is not', async () => {
    const target = email();
    const [a, z] = [ip(), ip()];
    for (let i = 0; i < 3; i++) expect(await outcome(throttle.run(target, a, fail, isFailure))).toBe('failed');
    const refused = await throttle.run(target, a, succeed, isFailure).catch((e) => e);
    expect(refused).toBeInstanceOf(RateLimitedError);
    expect(refused.retryAfterSeconds).toBeGreaterThan(0);
    expect(await outcome(throttle.run(target, z, succeed, isFailure))).toBe('ok');
  });

  it('successes cost nothing: more sign-ins than either limit, all served', async () => {
    const [target, from] = [email(), ip()];
    for (let i = 0; i < 8; i++) expect(await outcome(throttle.run(target, from, succeed, isFailure))).toBe('ok');
  });

  it('a refusal that is not a failed sign-in (say, the database down) costs nothing either', async () => {
    const [target, from] = [email(), ip()];
    const down = () => Promise.reject(new Error('database down'));
    for (let i = 0; i < 8; i++) await throttle.run(target, from, down, isFailure).catch(() => undefined);
    expect(await outcome(throttle.run(target, from, succeed, isFailure))).toBe('ok');
  });

  it('parallel guesses from one address cannot slip past the limit before the first one fails', async () => {
    const from = ip();
    const slowFail = () => new Promise((_, reject) => setTimeout(() => reject(new WrongPassword()), 100));
    const results = await Promise.all(Array.from({ length: 20 }, () => outcome(throttle.run(email(), from, slowFail, isFailure))));
    expect(results.filter((r) => r === 'failed')).toHaveLength(5);
    expect(results.filter((r) => r === 'limited')).toHaveLength(15);
  });
});
