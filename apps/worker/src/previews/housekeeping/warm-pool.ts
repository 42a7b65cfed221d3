import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { PreviewRuntime } from '@studio/containers';
import { PreviewSessionsRepository } from '@studio/data';
import { ENV } from '@studio/platform';
import { PREVIEW_RUNTIME } from '../preview.injection-keys.js';

/** Keeps PREVIEW_WARM_POOL instances started over a stand-in project, so a new preview skips the cold start. */
@Injectable()
export class WarmPool {
  private readonly logger = new Logger(WarmPool.name);

  constructor(
    @Inject(PREVIEW_RUNTIME) private readonly runtime: Pick<PreviewRuntime, 'kind' | 'create'>,
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, 'all' | 'insertWarm' | 'setInstance' | 'delete'>,
    @Inject(ENV) private readonly env: Pick<Env, 'PREVIEW_WARM_POOL'>,
  ) {}

  async fill(): Promise<void> {
    const warm = (await this.sessions.all()).filter((s) => s.status === 'warm');
    for (let i = warm.length; i < this.env.PREVIEW_WARM_POOL; i++) {
      const session = await this.sessions.insertWarm(this.runtime.kind);
      try {
        await this.sessions.setInstance(session.id, await this.runtime.create({ sessionId: session.id, warm: true }));
      } catch (err) {
        await this.sessions.delete(session.id);
        this.logger.warn({ msg: 'could not start a warm preview', err: String(err) });
        return;
      }
    }
  }
}
