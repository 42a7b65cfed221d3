import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type PreviewSessionStatus, PreviewSessionsRepository, SERVING_STATUSES } from '@studio/data';
import { ENV } from '@studio/platform';
import { instanceOf } from '../preview-instance.js';
import { PreviewManager } from '../preview-manager.js';

type IdleConfig = Pick<Env, 'PREVIEW_IDLE_PAUSE_SECONDS' | 'PREVIEW_IDLE_STOP_SECONDS' | 'PREVIEW_IDLE_REMOVE_SECONDS'>;

/** Unvisited previews are paused, later stopped, later removed (their files are in the store). */
@Injectable()
export class IdleReaper {
  private readonly logger = new Logger(IdleReaper.name);

  constructor(
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, 'idle' | 'withProjectLock' | 'get'>,
    @Inject(PreviewManager) private readonly previews: Pick<PreviewManager, 'stop' | 'pause'>,
    @Inject(ENV) private readonly env: IdleConfig,
  ) {}

  async reap(): Promise<void> {
    const ago = (seconds: number) => new Date(Date.now() - seconds * 1000);
    for (const s of await this.sessions.idle(['paused', 'stopped'], ago(this.env.PREVIEW_IDLE_REMOVE_SECONDS))) {
      await this.each('remove', s.projectId!, () => this.previews.stop(s.projectId!, true));
    }
    for (const s of await this.sessions.idle(['paused'], ago(this.env.PREVIEW_IDLE_STOP_SECONDS))) {
      await this.each('stop', s.projectId!, () => this.previews.stop(s.projectId!, false));
    }
    // Every serving state: a session left `updating` by a turn whose worker died, or `starting` by a start
    // that crashed after its instance was recorded, is paused too, and a later visit syncs it to the head.
    for (const s of await this.sessions.idle([...SERVING_STATUSES] as PreviewSessionStatus[], ago(this.env.PREVIEW_IDLE_PAUSE_SECONDS))) {
      await this.each('pause', s.projectId!, () =>
        this.sessions.withProjectLock(s.projectId!, async () => {
          const now = await this.sessions.get(s.id);
          // Paused only if nobody looked at it since it was listed.
          if (now && instanceOf(now) && SERVING_STATUSES.has(now.status) && now.lastAccessAt.getTime() === s.lastAccessAt.getTime()) await this.previews.pause(now);
        }),
      );
    }
  }

  /**
   * One preview's failure is its own: an engine that cannot freeze one container (cgroup v1's freezer gives up on
   * a process busy in the kernel) must not leave every other idle preview running, nor end the housekeeping round
   * before the warm pool is filled. It is tried again on the next round.
   */
  private async each(action: string, projectId: string, run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
    } catch (err) {
      this.logger.warn({ msg: `idle preview: ${action} failed, tried again next round`, projectId, err: String((err as Error)?.message ?? err) });
    }
  }
}
