import { Inject, Injectable, Logger } from '@nestjs/common';
import type { InstanceInfo, PreviewRuntime } from '@studio/containers';
import { type PreviewSessionEntity, PreviewSessionsRepository } from '@studio/data';
import { PREVIEW_RUNTIME } from '../preview.injection-keys.js';
import { PreviewNotices } from '../preview-notices.js';

/** A session may take this long to record the instance it created. */
const RECORD_GRACE_MS = 60_000;

/**
 * Orphans, cleaned up first thing after a (re)start and on every round: a container of this stack with no
 * session (a worker died between creating and recording it), and a session whose container is gone.
 */
@Injectable()
export class OrphanSweep {
  private readonly logger = new Logger(OrphanSweep.name);

  constructor(
    @Inject(PREVIEW_RUNTIME) private readonly runtime: Pick<PreviewRuntime, 'remove'>,
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, 'delete'>,
    private readonly notices: PreviewNotices,
  ) {}

  /** Removes each instance no session owns. */
  async removeInstances(sessions: PreviewSessionEntity[], instances: InstanceInfo[]): Promise<void> {
    const byInstance = new Map(sessions.filter((s) => s.instanceId).map((s) => [s.instanceId!, s]));
    for (const instance of instances) {
      const session = byInstance.get(instance.id);
      // A session still starting may not have recorded its instance yet: give it a minute.
      const pending = sessions.find((s) => s.id === instance.sessionId && !s.instanceId && Date.now() - s.createdAt.getTime() < RECORD_GRACE_MS);
      if (session || pending) continue;
      this.logger.warn({ msg: 'removing an orphaned preview instance', instance: instance.id.slice(0, 12), session: instance.sessionId });
      await this.runtime.remove(instance.id).catch((err) => this.logger.warn(`remove ${instance.id}: ${err}`));
    }
  }

  /** Deletes each session whose instance is gone, or that never recorded one in time. */
  async dropSessions(sessions: PreviewSessionEntity[], instances: InstanceInfo[]): Promise<void> {
    const live = new Set(instances.map((i) => i.id));
    for (const session of sessions) {
      const stale = session.instanceId ? !live.has(session.instanceId) : Date.now() - session.createdAt.getTime() > RECORD_GRACE_MS;
      if (!stale) continue;
      await this.sessions.delete(session.id);
      if (session.projectId) await this.notices.status(session.projectId, 'stopped');
    }
  }
}
