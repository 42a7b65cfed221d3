import { Inject, Injectable } from '@nestjs/common';
import { REDIS } from '@studio/platform';
import type { Redis } from 'ioredis';
import type { PreviewLink } from '../previews/preview-links.js';

/**
 * Preview links are single use: the first visit records the link's id in Redis (shared by every API
 * process) until the link would have expired anyway; any later visit with it is refused. A link that leaks
 * (history, logs, a shoulder) after it was used opens nothing.
 */
@Injectable()
export class SpentLinks {
  constructor(@Inject(REDIS) private readonly redis: Redis) {}

  /** True the first time a link is spent, false ever after. */
  async spend({ linkId, expiresAt }: PreviewLink): Promise<boolean> {
    const ttlMs = Math.max(1_000, expiresAt - Date.now() + 1_000);
    return (await this.redis.set(`studio:preview-link:${linkId}`, '1', 'PX', ttlMs, 'NX')) === 'OK';
  }
}
