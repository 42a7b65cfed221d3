import { Inject, Injectable } from '@nestjs/common';
import type { AgentConnector, FileBatch, PreviewInstance } from '@studio/containers';
import type { RenderCheckView } from '@studio/contracts';
import { PreviewSessionsRepository } from '@studio/data';
import type { FileStore } from '@studio/files';
import { FILE_STORE } from '@studio/platform';
import { PREVIEW_AGENTS } from './preview.injection-keys.js';
import { PreviewNotices } from './preview-notices.js';
import { RenderVerdicts } from './render-verdicts.js';

/** The head's files when the caller read them already (a start reads them while the container starts). */
export type PreloadedHead = { head: number; files: Map<string, Buffer> };
/** A render check already made of exactly these files (a turn's working copy), so the page is not loaded twice. */
export type Verified = { version: number; render: RenderCheckView };

/**
 * Full sync: the working copy becomes exactly the head version (the agent skips files that are already
 * identical, so this is cheap when little changed), then `ready` and `preview:updated`.
 */
@Injectable()
export class HeadSync {
  constructor(
    @Inject(PreviewSessionsRepository) private readonly sessions: Pick<PreviewSessionsRepository, 'setStatus'>,
    @Inject(FILE_STORE) private readonly files: Pick<FileStore, 'head' | 'readAll'>,
    @Inject(PREVIEW_AGENTS) private readonly agents: AgentConnector,
    private readonly notices: PreviewNotices,
    private readonly verdicts: RenderVerdicts,
  ) {}

  async run(sessionId: string, projectId: string, instance: PreviewInstance, announce: boolean, changed?: string[], preloaded?: PreloadedHead, verified?: Verified): Promise<void> {
    const head = preloaded?.head ?? (await this.files.head(projectId));
    const files = preloaded?.files ?? (await this.files.readAll(projectId, head));
    const batch: FileBatch = { version: head, replace: true, writes: [...files].map(([path, data]) => ({ path, data })) };
    try {
      await this.agents(instance).sync(batch);
    } catch (err) {
      await this.sessions.setStatus(sessionId, 'error', { error: String((err as Error).message) });
      await this.notices.status(projectId, 'error', { error: 'The preview did not take the project files.' });
      throw err;
    }
    await this.sessions.setStatus(sessionId, 'ready', { version: head, error: null });
    if (announce) await this.notices.status(projectId, 'ready', { version: head });
    await this.notices.updated(projectId, head, changed ?? [...files.keys()]);
    if (verified?.version === head) await this.verdicts.record(sessionId, projectId, verified.render, head, head);
    else this.verdicts.later(sessionId, projectId, instance, head);
  }
}
