import { Inject, Injectable, Logger } from '@nestjs/common';
import { type InstanceState, type PreviewRuntime, PreviewRuntimeError } from '@studio/containers';
import { type PreviewSessionEntity, PreviewSessionsRepository, SERVING_STATUSES } from '@studio/data';
import type { FileStore } from '@studio/files';
import { FILE_STORE, failpoint } from '@studio/platform';
import { HeadSync } from './head-sync.js';
import { PREVIEW_RUNTIME } from './preview.injection-keys.js';
import { instanceOf } from './preview-instance.js';
import { PreviewNotices } from './preview-notices.js';

type SessionSteps = 'withProjectLock' | 'forProject' | 'claimWarm' | 'insertStarting' | 'setInstance' | 'setStatus' | 'touch' | 'delete';

/**
 * A project's preview from start to removal: start (claiming a warm instance when there is one), bring it
 * to the head version, resume a paused or stopped one, stop and remove. Every step on one project holds the
 * project's preview lock; the state is in preview_sessions, so any worker can take over.
 */
@Injectable()
export class PreviewManager {
  private readonly logger = new Logger(PreviewManager.name);

  constructor(
    @Inject(PREVIEW_RUNTIME) private readonly runtime: PreviewRuntime,
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, SessionSteps>,
    @Inject(FILE_STORE) private readonly files: Pick<FileStore, 'head' | 'readAll'>,
    private readonly notices: PreviewNotices,
    @Inject(HeadSync) private readonly headSync: Pick<HeadSync, 'run'>,
  ) {}

  /** Makes the project's preview serve its head version, whatever state it was in. Idempotent. */
  async ensure(projectId: string, userId: string): Promise<void> {
    await this.sessions.withProjectLock(projectId, async () => {
      const existing = await this.sessions.forProject(projectId);
      if (existing && (await this.revive(existing))) return;
      await this.start(projectId, userId);
    });
  }

  /** Resumes an instance recorded as paused: `running` once it runs again, `missing` when it is gone, null when it was not paused. */
  private thaw(id: string): Promise<InstanceState | null> {
    return this.runtime.resume(id).then(
      (wasPaused) => (wasPaused ? 'running' : null),
      (err) => {
        if (err instanceof PreviewRuntimeError && err.code === 'PREVIEW_NOT_FOUND') return 'missing';
        throw err;
      },
    );
  }

  /** Brings an existing session back; false when its instance is gone (the caller starts a new one). */
  private async revive(session: PreviewSessionEntity): Promise<boolean> {
    const projectId = session.projectId!;
    const instance = instanceOf(session);
    if (!instance) {
      await this.sessions.delete(session.id);
      return false;
    }
    // A visit waits on this (B3's resume): the engine, the visit's record and the head are asked side by side. One
    // recorded as paused is thawed at once: asking the engine for its state first was one more round trip to it
    // on every resume (50-60 ms of dockerd's on a loaded machine); its state is asked only when it was not paused.
    const thaw = session.status === 'paused' ? this.thaw(instance.id) : Promise.resolve(null);
    const [thawed, head] = await Promise.all([thaw, this.files.head(projectId), this.sessions.touch(session.id)]);
    const state = thawed ?? (await this.runtime.state(instance.id));
    if (state === 'missing') {
      await this.sessions.delete(session.id);
      return false;
    }
    if (state === 'stopped') {
      await this.notices.status(projectId, 'starting');
      const again = await this.runtime.restart(instance.id);
      await this.sessions.setInstance(session.id, again);
      await this.headSync.run(session.id, projectId, again, true);
      return true;
    }
    // Nothing follows the head while a preview is paused, so a resumed one is treated like a running one:
    // only a head it does not serve yet needs a sync.
    if (state === 'paused') await this.runtime.resume(instance.id);
    if ((session.status === 'ready' || session.status === 'paused') && session.version === head) {
      if (session.status === 'paused') await this.sessions.setStatus(session.id, 'ready');
      await this.notices.status(projectId, 'ready', { version: session.version });
      return true;
    }
    await this.headSync.run(session.id, projectId, instance, true);
    return true;
  }

  private async start(projectId: string, userId: string): Promise<void> {
    const runtime = this.runtime.kind;
    let session = await this.sessions.claimWarm(projectId, userId, runtime);
    await this.notices.status(projectId, 'starting');
    let instance = session && instanceOf(session);
    // The project's files are read from the store while the container starts, not after.
    const head = await this.files.head(projectId);
    const files = this.files.readAll(projectId, head);
    files.catch(() => undefined);
    if (!session || !instance) {
      session = await this.sessions.insertStarting(projectId, userId, runtime);
      try {
        // Started warm: Vite comes up over the stand-in project while the files are on their way.
        instance = await this.runtime.create({ sessionId: session.id, warm: true });
        // A crash here leaves a container whose session has no instance: the reaper removes it.
        await failpoint('preview.created');
        await this.sessions.setInstance(session.id, instance);
      } catch (err) {
        await this.sessions.delete(session.id);
        await this.notices.status(projectId, 'error', { error: String((err as Error).message ?? err) });
        throw err;
      }
    }
    await this.headSync.run(session.id, projectId, instance, true, undefined, { head, files: await files });
  }

  /** The head moved outside a turn (restore, an edit): a running preview follows; others will on start. */
  async follow(projectId: string): Promise<void> {
    await this.sessions.withProjectLock(projectId, async () => {
      const session = await this.sessions.forProject(projectId);
      const instance = session && instanceOf(session);
      if (!session || !instance || !SERVING_STATUSES.has(session.status)) return;
      if ((await this.runtime.state(instance.id)) !== 'running') return;
      await this.headSync.run(session.id, projectId, instance, false);
    });
  }

  /** `stillWanted`, when given, is asked under the project's lock (a start waits on it, so nothing slips in between). */
  async stop(projectId: string, remove: boolean, stillWanted?: () => Promise<boolean>): Promise<void> {
    await this.sessions.withProjectLock(projectId, async () => {
      const session = await this.sessions.forProject(projectId);
      if (!session || (stillWanted && !(await stillWanted()))) return;
      await this.stopSession(session, remove);
    });
  }

  private async stopSession(session: PreviewSessionEntity, remove: boolean): Promise<void> {
    const instance = instanceOf(session);
    if (remove) {
      if (instance) await this.runtime.remove(instance.id);
      await this.sessions.delete(session.id);
    } else {
      if (instance) await this.runtime.stop(instance.id);
      await this.sessions.setStatus(session.id, 'stopped');
    }
    if (session.projectId) await this.notices.status(session.projectId, 'stopped');
  }

  /** Freezes an idle preview's instance (the caller holds the project's lock). */
  async pause(session: PreviewSessionEntity): Promise<void> {
    const instance = instanceOf(session);
    if (!instance) return;
    await this.runtime.pause(instance.id);
    await this.sessions.setStatus(session.id, 'paused');
    this.logger.log({ msg: 'preview paused (idle)', projectId: session.projectId });
  }
}
