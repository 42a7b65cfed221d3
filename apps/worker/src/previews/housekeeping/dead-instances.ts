import { Inject, Injectable, Logger } from '@nestjs/common';
import type { InstanceInfo, PreviewRuntime } from '@studio/containers';
import { type PreviewSessionEntity, PreviewSessionsRepository, SERVING_STATUSES } from '@studio/data';
import { PREVIEW_RUNTIME } from '../preview.injection-keys.js';
import { PreviewNotices } from '../preview-notices.js';

/**
 * An instance that died under a serving session (killed for memory, its agent crashed, or stopped with the
 * product: `./studio up` stops its previews as it exits) is marked stopped, so the next visit restarts it
 * instead of proxying to a dead address. A stopped warm instance serves nobody: it is removed, and the warm pool
 * starts a fresh one, rather than handing a stopped instance to the next project.
 */
@Injectable()
export class DeadInstances {
  private readonly logger = new Logger(DeadInstances.name);

  constructor(
    @Inject(PREVIEW_RUNTIME) private readonly runtime: Pick<PreviewRuntime, 'state' | 'remove'>,
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, 'withProjectLock' | 'get' | 'setStatus' | 'deleteWarm'>,
    private readonly notices: PreviewNotices,
  ) {}

  async markStopped(sessions: PreviewSessionEntity[], instances: InstanceInfo[]): Promise<void> {
    const dead = new Set(instances.filter((i) => i.state === 'stopped').map((i) => i.id));
    for (const session of sessions) {
      if (session.status !== 'warm' || !session.instanceId || !dead.has(session.instanceId)) continue;
      // Only while still warm: a project may have claimed it since the listing (it then restarts it itself).
      if (!(await this.sessions.deleteWarm(session.id))) continue;
      this.logger.log({ msg: 'removing a stopped warm preview', session: session.id });
      await this.runtime.remove(session.instanceId).catch((err) => this.logger.warn(`remove ${session.instanceId}: ${err}`));
    }
    for (const session of sessions) {
      if (!session.projectId || !session.instanceId || !dead.has(session.instanceId) || !SERVING_STATUSES.has(session.status)) continue;
      const { projectId, instanceId } = session;
      await this.sessions.withProjectLock(projectId, async () => {
        // Looked at again under the lock: a visit may have restarted it meanwhile.
        const now = await this.sessions.get(session.id);
        if (!now || !SERVING_STATUSES.has(now.status) || now.instanceId !== instanceId || (await this.runtime.state(instanceId)) !== 'stopped') return;
        this.logger.warn({ msg: 'a preview instance died; marking it stopped', session: session.id });
        await this.sessions.setStatus(session.id, 'stopped');
        await this.notices.status(projectId, 'stopped');
      });
    }
  }
}
