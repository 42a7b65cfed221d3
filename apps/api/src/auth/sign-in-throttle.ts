import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { ENV, REDIS } from '@studio/platform';
import type { Redis } from 'ioredis';
import { RateLimitedError } from '../common/domain-error.js';
import { sha256 } from './secrets.js';

const WINDOW_MS = 60_000;

// KEYS: failures from the address, failures for the email, failures for the email from the address.
// ARGV: per-address limit, per-email limit, window (ms).
// The per-email limit stops only addresses that already failed for that email, so a guesser elsewhere
// cannot lock the owner out. The attempt is counted now, as a failure until `refund` says it succeeded, so
// parallel guesses cannot all slip in before the first one fails. Answers {1, 0} or {0, ms until retry}.
const ADMIT = `
local from_ip = tonumber(redis.call('GET', KEYS[1]) or '0')
local for_email = tonumber(redis.call('GET', KEYS[2]) or '0')
local pair = tonumber(redis.call('GET', KEYS[3]) or '0')
if from_ip >= tonumber(ARGV[1]) then return { 0, redis.call('PTTL', KEYS[1]) } end
if pair > 0 and for_email >= tonumber(ARGV[2]) then return { 0, redis.call('PTTL', KEYS[2]) } end
for i = 1, 3 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
end
return { 1, 0 }`;

// Takes back an attempt that did not fail (never below zero: the window may have ended meanwhile).
const REFUND = `
for i = 1, 3 do
  if tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then redis.call('DECR', KEYS[i]) end
end
return 1`;

/**
 * Sign-in limits that count failed sign-ins only (fixed one-minute windows in Redis, shared by every API
 * process): AUTH_RATE_LIMIT_PER_IP failures from one address, and AUTH_RATE_LIMIT_PER_EMAIL failures for one
 * email, which stops the addresses that failed for it but not an address that has not.
 */
@Injectable()
export class SignInThrottle {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(ENV) private readonly env: Env,
  ) {}

  /** Runs a sign-in; it counts as a failure when `attempt` throws `isFailure`, and costs nothing otherwise. */
  async run<T>(email: string, ip: string, attempt: () => Promise<T>, isFailure: (err: unknown) => boolean): Promise<T> {
    const emailKey = sha256(email);
    const keys = [`studio:signin:fail:ip:${ip}`, `studio:signin:fail:email:${emailKey}`, `studio:signin:fail:pair:${emailKey}:${ip}`];
    const [admitted, retryMs] = (await this.redis.eval(ADMIT, 3, ...keys, this.env.AUTH_RATE_LIMIT_PER_IP, this.env.AUTH_RATE_LIMIT_PER_EMAIL, WINDOW_MS)) as [number, number];
    if (!admitted) throw new RateLimitedError(Math.max(1, Math.ceil(retryMs / 1000)));
    let failed = false;
    try {
      return await attempt();
    } catch (err) {
      failed = isFailure(err);
      throw err;
    } finally {
      if (!failed) await this.redis.eval(REFUND, 3, ...keys).catch(() => undefined);
    }
  }
}
