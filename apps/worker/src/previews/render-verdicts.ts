import { Inject, Injectable, Logger } from '@nestjs/common';
import type { PreviewInstance } from '@studio/containers';
import type { RenderCheckView } from '@studio/contracts';
import { type PreviewSessionEntity, PreviewSessionsRepository } from '@studio/data';
import { type PageChecker, RENDER_CHECKER } from './preview.injection-keys.js';
import { PreviewNotices } from './preview-notices.js';

/**
 * The platform loads the page once, as a person would, and records what it found: a page that does not render
 * is never left `ready`. RENDER_CHECK=false: no checker, and nothing is checked or recorded.
 */
@Injectable()
export class RenderVerdicts {
  private readonly logger = new Logger(RenderVerdicts.name);

  constructor(
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, 'get' | 'setRender' | 'setStatus' | 'knownToRender'>,
    private readonly notices: PreviewNotices,
    @Inject(RENDER_CHECKER) private readonly checker: PageChecker | null,
  ) {}

  /** `version` is what the preview serves (null: a turn's working copy on `baseVersion`). */
  async verify(session: PreviewSessionEntity, instance: PreviewInstance, version: number | null, baseVersion: number): Promise<RenderCheckView | null> {
    if (!this.checker) return null;
    const projectId = session.projectId!;
    const render = await this.checker.check({ host: instance.host, port: instance.vitePort });
    // The preview moved on while the page loaded (an edit, a restore): the verdict is about files that are no
    // longer the version's, so it is not recorded; the newer version's own check follows.
    if (version !== null && (await this.sessions.get(session.id))?.version !== version) return render;
    await this.record(session.id, projectId, render, version, baseVersion);
    return render;
  }

  /** Stores a render check's outcome; a failure becomes `preview:error` and the preview's `error` state. */
  async record(sessionId: string, projectId: string, render: RenderCheckView, version: number | null, baseVersion: number): Promise<void> {
    await this.sessions.setRender(sessionId, render, version);
    if (render.status !== 'failed' || !render.error) return;
    const { kind, message, file, line, column } = render.error;
    const where = { ...(file ? { file } : {}), ...(line ? { line } : {}), ...(column ? { column } : {}) };
    await this.sessions.setStatus(sessionId, 'error', { error: message });
    await this.notices.error(projectId, { version: version ?? baseVersion, message, kind, ...where });
    await this.notices.status(projectId, 'error', { version: version ?? baseVersion, error: message, ...where });
  }

  /**
   * A check off the caller's path (a start, a person's edit, a restore): `ready` is said first, the verdict
   * follows. A version already known to render (its turn's check, the template, an earlier preview) is not
   * loaded again: a page load is seconds of Chromium and of Vite's first transforms, on the CPUs that the
   * next preview's start and everyone's turns need (B3).
   */
  later(sessionId: string, projectId: string, instance: PreviewInstance, version: number): void {
    if (!this.checker) return;
    void (async () => {
      if (await this.sessions.knownToRender(projectId, version)) return;
      const session = await this.sessions.get(sessionId);
      if (session?.projectId === projectId && session.version === version) await this.verify(session, instance, version, version);
    })().catch((err) => this.logger.warn({ msg: 'render check failed to run', projectId, err: String(err) }));
  }
}
