import { Inject, Injectable, Logger } from '@nestjs/common';
import type { AgentConnector, PreviewInstance } from '@studio/containers';
import { type PreviewSessionEntity, PreviewSessionsRepository, SERVING_STATUSES } from '@studio/data';
import { isDevServerRace } from '../dev-server-race.js';
import { PREVIEW_AGENTS } from '../preview.injection-keys.js';
import { instanceOf } from '../preview-instance.js';
import { PreviewNotices } from '../preview-notices.js';

/** Each serving preview's agent events are followed: build and runtime errors become `preview:error`. */
@Injectable()
export class AgentEvents {
  private readonly logger = new Logger(AgentEvents.name);
  private readonly watchers = new Map<string, AbortController>();
  /** Per session, the last agent event seq turned into `preview:error` (a reconnect resumes after it). */
  private readonly seen = new Map<string, number>();

  constructor(
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, 'recordError' | 'get'>,
    @Inject(PREVIEW_AGENTS) private readonly agents: AgentConnector,
    private readonly notices: PreviewNotices,
  ) {}

  /** Follows every serving session of `sessions` not followed yet, and stops following the others. */
  follow(sessions: PreviewSessionEntity[]): void {
    const serving = new Map<string, { session: PreviewSessionEntity; instance: PreviewInstance }>();
    for (const session of sessions) {
      const instance = instanceOf(session);
      if (session.projectId && SERVING_STATUSES.has(session.status) && instance) serving.set(session.id, { session, instance });
    }
    for (const [id, watcher] of this.watchers) {
      if (!serving.has(id)) {
        watcher.abort();
        this.watchers.delete(id);
        this.seen.delete(id);
      }
    }
    for (const { session, instance } of serving.values()) {
      if (this.watchers.has(session.id)) continue;
      const controller = new AbortController();
      this.watchers.set(session.id, controller);
      void this.watch(session, instance, controller).finally(() => {
        if (this.watchers.get(session.id) === controller) this.watchers.delete(session.id);
      });
    }
  }

  /** Stops following every session (this worker no longer leads, or shuts down). */
  stopAll(): void {
    for (const watcher of this.watchers.values()) watcher.abort();
    this.watchers.clear();
  }

  private async watch(session: PreviewSessionEntity, instance: PreviewInstance, controller: AbortController) {
    const projectId = session.projectId!;
    try {
      for await (const event of this.agents(instance).events(controller.signal, this.seen.get(session.id) ?? 0)) {
        if (event.type !== 'error' && event.type !== 'runtime-error') continue;
        if (event.seq <= (this.seen.get(session.id) ?? 0)) continue;
        this.seen.set(session.id, event.seq);
        if (isDevServerRace(event.message)) continue;
        // The agent reports paths relative to the project already.
        const file = event.file?.replace(/^\//, '');
        // An error met while a turn's changes are only staged is kept without a version: the turn's end
        // settles it (the committed version's error, or gone with a reverted turn; LivePreviewSync).
        await this.sessions.recordError(session.id, { version: event.version, message: event.message, file, line: event.line, at: new Date(event.at).toISOString() });
        const version = event.version ?? (await this.sessions.get(session.id))?.version ?? 0;
        await this.notices.error(projectId, { version, message: event.message, ...(file ? { file } : {}), ...(event.line ? { line: event.line } : {}) });
      }
    } catch (err) {
      if (!controller.signal.aborted) this.logger.debug?.(`preview events of ${projectId} ended: ${err}`);
    }
  }
}
