import { Inject, Injectable, Logger } from '@nestjs/common';
import { type AgentConnector, type PreviewInstance, type PreviewSync, type StagedChange, stagedBatch } from '@studio/containers';
import type { RenderCheckView } from '@studio/contracts';
import { type PreviewSessionEntity, PreviewSessionsRepository, SERVING_STATUSES } from '@studio/data';
import { HeadSync } from './head-sync.js';
import { PREVIEW_AGENTS } from './preview.injection-keys.js';
import { instanceOf } from './preview-instance.js';
import { PreviewNotices } from './preview-notices.js';
import { RenderVerdicts } from './render-verdicts.js';

/** A session looked up once is trusted this long: a turn stages many batches in a few seconds. */
const SESSION_CACHE_MS = 2000;

/**
 * The turn pipeline's view of the live preview (docs/ARCHITECTURE.md "Speculative preview"): each accepted
 * change goes to the running preview as one batch at once; the committed version, or the head after a
 * failed turn, replaces the working copy at the end. Batches of one project go out strictly in order. A
 * project with no running preview costs one cached lookup.
 */
@Injectable()
export class LivePreviewSync implements PreviewSync {
  private readonly logger = new Logger(LivePreviewSync.name);
  private readonly chains = new Map<string, Promise<void>>();
  private readonly cache = new Map<string, { serving: { session: PreviewSessionEntity; instance: PreviewInstance } | null; until: number }>();
  /** Per project, the turn whose changes the preview shows (it said `updating` once for it). */
  private readonly updating = new Map<string, string>();

  constructor(
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, 'forProject' | 'setStatus' | 'settleStagedErrors'>,
    @Inject(PREVIEW_AGENTS) private readonly agents: AgentConnector,
    private readonly notices: PreviewNotices,
    private readonly verdicts: RenderVerdicts,
    private readonly headSync: HeadSync,
  ) {}

  /** The project's serving session and its instance, or null; cached briefly (stage() runs per `</code>`). */
  private async serving(projectId: string, fresh = false): Promise<{ session: PreviewSessionEntity; instance: PreviewInstance } | null> {
    const hit = this.cache.get(projectId);
    if (!fresh && hit && hit.until > Date.now()) return hit.serving;
    const found = await this.sessions.forProject(projectId);
    const instance = found && SERVING_STATUSES.has(found.status) ? instanceOf(found) : null;
    const serving = found && instance ? { session: found, instance } : null;
    this.cache.set(projectId, { serving, until: Date.now() + SESSION_CACHE_MS });
    return serving;
  }

  private enqueue(projectId: string, work: () => Promise<void>): Promise<void> {
    const run = (this.chains.get(projectId) ?? Promise.resolve()).then(work);
    const tail = run.catch((err) => this.logger.warn({ msg: 'preview sync failed', projectId, err: String(err) }));
    this.chains.set(projectId, tail);
    void tail.then(() => {
      if (this.chains.get(projectId) === tail) this.chains.delete(projectId);
    });
    return run;
  }

  stage(projectId: string, turnId: string, changes: readonly { change: StagedChange }[]): void {
    void this.enqueue(projectId, async () => {
      const serving = await this.serving(projectId);
      if (!serving) return;
      await this.agents(serving.instance).sync(stagedBatch(changes));
      if (this.updating.get(projectId) !== turnId) {
        this.updating.set(projectId, turnId);
        await this.sessions.setStatus(serving.session.id, 'updating');
        await this.notices.status(projectId, 'updating', { version: serving.session.version ?? undefined });
      }
    }).catch(() => undefined);
  }

  /**
   * The render check of the turn's working copy, once every change it staged is in the preview: null when the
   * turn staged nothing (the page did not change) or no preview serves the project.
   */
  async check(projectId: string, turnId: string, baseVersion: number): Promise<RenderCheckView | null> {
    await this.chains.get(projectId);
    if (this.updating.get(projectId) !== turnId) return null;
    const serving = await this.serving(projectId, true);
    if (!serving) return null;
    return this.verdicts.verify(serving.session, serving.instance, null, baseVersion);
  }

  /** The turn failed or was cancelled: the preview goes back to the head, its staged errors with it. */
  revert(projectId: string): Promise<void> {
    return this.finish(projectId, null, true);
  }

  /**
   * The turn committed `version`: the preview serves it, and errors met while staging are that version's.
   * `render` is the check of the same files made before the commit, so the page is not loaded twice.
   */
  sync(projectId: string, version: number, paths: string[], render?: RenderCheckView | null): Promise<void> {
    return this.finish(projectId, version, false, paths, render ?? undefined);
  }

  private finish(projectId: string, committed: number | null, announce: boolean, paths?: string[], render?: RenderCheckView): Promise<void> {
    this.updating.delete(projectId);
    return this.enqueue(projectId, async () => {
      const serving = await this.serving(projectId, true);
      if (!serving) return;
      const { session, instance } = serving;
      const verified = committed !== null && render ? { version: committed, render } : undefined;
      await this.headSync.run(session.id, projectId, instance, announce || session.status !== 'ready', paths, undefined, verified);
      await this.sessions.settleStagedErrors(session.id, committed);
    });
  }
}
