import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { ENV, REDIS } from '@studio/platform';

const LEASE_MS = 10_000;

/** The two Redis commands the lease needs (ioredis' client has them). */
export interface LeaseStore {
  set(key: string, value: string, px: 'PX', ms: number, nx: 'NX'): Promise<'OK' | null>;
  eval(script: string, keys: number, ...args: string[]): Promise<unknown>;
}

const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * Preview housekeeping runs in one worker at a time: the holder of a Redis lease, which it renews on every
 * round; another worker takes over within LEASE_MS when the holder dies.
 */
@Injectable()
export class LeaderLease {
  private readonly id = randomUUID();
  private readonly key: string;
  private held = false;

  constructor(
    @Inject(REDIS) private readonly redis: LeaseStore,
    @Inject(ENV) env: Pick<Env, 'PREVIEW_STACK_ID'>,
  ) {
    // One leader per stack (its containers and sessions), whatever queue prefix a worker uses.
    this.key = `studio:preview-supervisor:${env.PREVIEW_STACK_ID}`;
  }

  /** Takes the lease, or renews it when this worker holds it; false while another worker leads. */
  async renew(): Promise<boolean> {
    this.held = await this.take();
    return this.held;
  }

  private async take(): Promise<boolean> {
    if (await this.redis.set(this.key, this.id, 'PX', LEASE_MS, 'NX')) return true;
    return (await this.redis.eval(RENEW, 1, this.key, this.id, String(LEASE_MS))) === 1;
  }

  /** Gives the lease up at shutdown, so another worker need not wait for it to expire. */
  async release(): Promise<void> {
    if (this.held) await this.redis.eval(RELEASE, 1, this.key, this.id).catch(() => undefined);
  }
}
