import { Inject, Injectable, Logger } from '@nestjs/common';
import { type FileBatch, PreviewAgent, type PreviewInstance, type PreviewRuntime } from '@studio/containers';
import type { PreviewStatus, RenderCheckView } from '@studio/contracts';
import { type PreviewSessionEntity, SERVING_STATUSES } from '@studio/data';
import type { FileStore } from '@studio/files';
import { failpoint, FILE_STORE, PROJECT_EVENTS, type ProjectEventBus } from '@studio/platform';
import { PreviewSessions } from './preview-sessions.js';
import { type PageChecker, PREVIEW_RUNTIME, RENDER_CHECKER } from './preview-tokens.js';


export const instanceOf = (s: PreviewSessionEntity): PreviewInstance | null =>
  s.instanceId && s.host && s.vitePort && s.agentPort && s.agentToken ? { id: s.instanceId, host: s.host, vitePort: s.vitePort, agentPort: s.agentPort, token: s.agentToken } : null;

/**
 * A project's preview from start to removal: start (claiming a warm instance when there is one), bring it
 * to the head version, resume a paused or stopped one, stop and remove. Every step on one project holds the
 * project's preview lock; the state is in preview_sessions, so any worker can take over.
 */
@Injectable()
export class PreviewManager {
  private readonly logger = new Logger(PreviewManager.name);

  constructor(
    @Inject(PREVIEW_RUNTIME) readonly runtime: PreviewRuntime,
    readonly sessions: PreviewSessions,
    @Inject(FILE_STORE) private readonly files: FileStore,
    @Inject(PROJECT_EVENTS) private readonly events: ProjectEventBus,
    @Inject(RENDER_CHECKER) private readonly checker: PageChecker | null,
  ) {}

  async status(projectId: string, status: PreviewStatus, extra: { version?: number; error?: string; file?: string; line?: number; column?: number } = {}) {
    await this.events.publish(projectId, 'preview:status', { status, ...extra });
  }

  /**
   * The platform loads the page once, as a person would, and records what it found: a page that does not render
   * is never left `ready`. `version` is what the preview serves (null: a turn's working copy on `baseVersion`).
   */
  async verify(session: PreviewSessionEntity, instance: PreviewInstance, version: number | null, baseVersion: number): Promise<RenderCheckView | null> {
    if (!this.checker) return null;
    const projectId = session.projectId!;
    const render = await this.checker.check({ host: instance.host, port: instance.vitePort });
    // The preview moved on while the page loaded (an edit, a restore): the verdict is about files that are no
    // longer the version's, so it is not recorded; the newer version's own check follows.
    if (version !== null && (await this.sessions.get(session.id))?.version !== version) return render;
    await this.recordRender(session.id, projectId, render, version, baseVersion);
    return render;
  }

  /** Stores a render check's outcome; a failure becomes `preview:error` and the preview's `error` state. */
  async recordRender(sessionId: string, projectId: string, render: RenderCheckView, version: number | null, baseVersion: number): Promise<void> {
    await this.sessions.setRender(sessionId, render, version);
    if (render.status !== 'failed' || !render.error) return;
    const { kind, message, file, line, column } = render.error;
    const where = { ...(file ? { file } : {}), ...(line ? { line } : {}), ...(column ? { column } : {}) };
    await this.sessions.setStatus(sessionId, 'error', { error: message });
    await this.events.publish(projectId, 'preview:error', { version: version ?? baseVersion, message, kind, ...where });
    await this.status(projectId, 'error', { version: version ?? baseVersion, error: message, ...where });
  }

  /** Makes the project's preview serve its head version, whatever state it was in. Idempotent. */
  async ensure(projectId: string, userId: string): Promise<void> {
    await this.sessions.withProjectLock(projectId, async () => {
      const existing = await this.sessions.forProject(projectId);
      if (existing && (await this.revive(existing))) return;
      await this.start(projectId, userId);
    });
  }

  /** Brings an existing session back; false when its instance is gone (the caller starts a new one). */
  private async revive(session: PreviewSessionEntity): Promise<boolean> {
    const projectId = session.projectId!;
    const instance = instanceOf(session);
    const state = instance ? await this.runtime.state(instance.id) : 'missing';
    if (!instance || state === 'missing') {
      await this.sessions.delete(session.id);
      return false;
    }
    await this.sessions.touch(session.id);
    if (state === 'stopped') {
      await this.status(projectId, 'starting');
      const again = await this.runtime.restart(instance.id);
      await this.sessions.setInstance(session.id, again);
      await this.syncToHead(session.id, projectId, again, true);
      return true;
    }
    // Nothing follows the head while a preview is paused, so a resumed one is treated like a running one:
    // only a head it does not serve yet needs a sync.
    if (state === 'paused') await this.runtime.resume(instance.id);
    if ((session.status === 'ready' || session.status === 'paused') && session.version === (await this.files.head(projectId))) {
      if (session.status === 'paused') await this.sessions.setStatus(session.id, 'ready');
      await this.status(projectId, 'ready', { version: session.version });
      return true;
    }
    await this.syncToHead(session.id, projectId, instance, true);
    return true;
  }

  private async start(projectId: string, userId: string): Promise<void> {
    const runtime = this.runtime.kind;
    let session = await this.sessions.claimWarm(projectId, userId, runtime);
    await this.status(projectId, 'starting');
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
        await this.status(projectId, 'error', { error: String((err as Error).message ?? err) });
        throw err;
      }
    }
    await this.syncToHead(session.id, projectId, instance, true, undefined, { head, files: await files });
  }

  /**
   * Full sync: the working copy becomes exactly the head version (the agent skips files that are already
   * identical, so this is cheap when little changed), then `ready` and `preview:updated`.
   */
  async syncToHead(
    sessionId: string,
    projectId: string,
    instance: PreviewInstance,
    announce: boolean,
    changed?: string[],
    preloaded?: { head: number; files: Map<string, Buffer> },
    /** A render check already made of exactly these files (a turn's working copy), so the page is not loaded twice. */
    verified?: { version: number; render: RenderCheckView },
  ): Promise<void> {
    const head = preloaded?.head ?? (await this.files.head(projectId));
    const files = preloaded?.files ?? (await this.files.readAll(projectId, head));
    const batch: FileBatch = { version: head, replace: true, writes: [...files].map(([path, data]) => ({ path, data })) };
    try {
      await new PreviewAgent(instance).sync(batch);
    } catch (err) {
      await this.sessions.setStatus(sessionId, 'error', { error: String((err as Error).message) });
      await this.status(projectId, 'error', { error: 'The preview did not take the project files.' });
      throw err;
    }
    await this.sessions.setStatus(sessionId, 'ready', { version: head, error: null });
    if (announce) await this.status(projectId, 'ready', { version: head });
    await this.events.publish(projectId, 'preview:updated', { version: head, paths: changed ?? [...files.keys()] });
    if (verified?.version === head) await this.recordRender(sessionId, projectId, verified.render, head, head);
    else this.verifyLater(sessionId, projectId, instance, head);
  }

  /** A check off the caller's path (a start, a person's edit, a restore): `ready` is said first, the verdict follows. */
  private verifyLater(sessionId: string, projectId: string, instance: PreviewInstance, version: number) {
    if (!this.checker) return;
    void (async () => {
      const session = await this.sessions.get(sessionId);
      if (session?.projectId === projectId && session.version === version) await this.verify(session, instance, version, version);
    })().catch((err) => this.logger.warn({ msg: 'render check failed to run', projectId, err: String(err) }));
  }

  /** The head moved outside a turn (restore, an edit): a running preview follows; others will on start. */
  async follow(projectId: string): Promise<void> {
    await this.sessions.withProjectLock(projectId, async () => {
      const session = await this.sessions.forProject(projectId);
      const instance = session && instanceOf(session);
      if (!session || !instance || !SERVING_STATUSES.has(session.status)) return;
      if ((await this.runtime.state(instance.id)) !== 'running') return;
      await this.syncToHead(session.id, projectId, instance, false);
    });
  }

  async stop(projectId: string, remove: boolean): Promise<void> {
    await this.sessions.withProjectLock(projectId, async () => {
      const session = await this.sessions.forProject(projectId);
      if (!session) return;
      await this.stopSession(session, remove);
    });
  }

  async stopSession(session: PreviewSessionEntity, remove: boolean): Promise<void> {
    const instance = instanceOf(session);
    if (remove) {
      if (instance) await this.runtime.remove(instance.id);
      await this.sessions.delete(session.id);
    } else {
      if (instance) await this.runtime.stop(instance.id);
      await this.sessions.setStatus(session.id, 'stopped');
    }
    if (session.projectId) await this.status(session.projectId, 'stopped');
  }

  async pauseSession(session: PreviewSessionEntity): Promise<void> {
    const instance = instanceOf(session);
    if (!instance) return;
    await this.runtime.pause(instance.id);
    await this.sessions.setStatus(session.id, 'paused');
    this.logger.log({ msg: 'preview paused (idle)', projectId: session.projectId });
  }
}
