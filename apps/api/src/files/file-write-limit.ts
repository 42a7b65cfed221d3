import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { ENV } from '@studio/platform';
import { RateLimiter } from '../infra/rate-limiter.service.js';

/**
 * A person's file writes (edit, delete, restore) per minute: every one makes a version, so a script in a
 * loop could fill the store. The default is far past what a person types; a refused write spends nothing.
 */
@Injectable()
export class FileWriteLimit {
  constructor(
    private readonly limiter: RateLimiter,
    @Inject(ENV) private readonly env: Env,
  ) {}

  spend<T>(userId: string, write: () => Promise<T>): Promise<T> {
    return this.limiter.spendOn(`file-writes:${userId}`, this.env.USER_FILE_WRITES_PER_MINUTE, write);
  }
}
