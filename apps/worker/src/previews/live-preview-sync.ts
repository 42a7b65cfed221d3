import { Injectable, Logger } from '@nestjs/common';
import { type FileBatch, PreviewAgent } from '@studio/containers';
import type { PreviewSessionEntity } from '@studio/data';
import type { AcceptedChange } from '../turns/change-validator.js';
import type { PreviewSync } from '../turns/preview-sync.js';
import { instanceOf, PreviewManager, SERVING } from './preview-manager.js';

/** A session looked up once is trusted this long: a turn stages many batches in a few seconds. */
const SESSION_CACHE_MS = 2000;

/**
 * The turn pipeline's view of the live preview (ARCHITECTURE.md "Speculative preview"): each accepted
 * change goes to the running preview as one batch at once; the committed version, or the head after a
 * failed turn, replaces the working copy at the end. Batches of one project go out strictly in order. A
 * project with no running preview costs one cached lookup.
 */
@Injectable()
export class LivePreviewSync implements PreviewSync {
  private readonly logger = new Logger(LivePreviewSync.name);
  private readonly chains = new Map<string, Promise<void>>();
  private readonly cache = new Map<string, { session: PreviewSessionEntity | null; until: number }>();
  /** Per project, the turn whose changes the preview shows (it said `updating` once for it). */
  private readonly updating = new Map<string, string>();

  constructor(private readonly manager: PreviewManager) {}

  private async serving(projectId: string, fresh = false): Promise<PreviewSessionEntity | null> {
    const hit = this.cache.get(projectId);
    if (!fresh && hit && hit.until > Date.now()) return hit.session;
    const found = await this.manager.sessions.forProject(projectId);
    const session = found && SERVING.has(found.status) && instanceOf(found) ? found : null;
    this.cache.set(projectId, { session, until: Date.now() + SESSION_CACHE_MS });
    return session;
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

  stage(projectId: string, turnId: string, changes: AcceptedChange[]): void {
    void this.enqueue(projectId, async () => {
      const session = await this.serving(projectId);
      const instance = session && instanceOf(session);
      if (!session || !instance) return;
      await new PreviewAgent(instance).sync(batchOf(changes));
      if (this.updating.get(projectId) !== turnId) {
        this.updating.set(projectId, turnId);
        await this.manager.sessions.setStatus(session.id, 'updating');
        await this.manager.status(projectId, 'updating', { version: session.version ?? undefined });
      }
    }).catch(() => undefined);
  }

  revert(projectId: string): Promise<void> {
    this.updating.delete(projectId);
    return this.enqueue(projectId, async () => {
      const session = await this.serving(projectId, true);
      const instance = session && instanceOf(session);
      if (!session || !instance) return;
      await this.manager.syncToHead(session.id, projectId, instance, true);
    });
  }

  sync(projectId: string, _version: number, paths: string[]): Promise<void> {
    this.updating.delete(projectId);
    return this.enqueue(projectId, async () => {
      const session = await this.serving(projectId, true);
      const instance = session && instanceOf(session);
      if (!session || !instance) return;
      await this.manager.syncToHead(session.id, projectId, instance, session.status !== 'ready', paths);
    });
  }
}

function batchOf(changes: AcceptedChange[]): FileBatch {
  const batch: Required<FileBatch> = { version: null, replace: false, writes: [], deletes: [], renames: [] };
  for (const { change } of changes) {
    if (change.action === 'write') batch.writes.push({ path: change.path, data: change.content });
    else if (change.action === 'delete') batch.deletes.push(change.path);
    else batch.renames.push({ from: change.from, path: change.path });
  }
  return batch;
}
