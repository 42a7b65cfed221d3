import { Inject, Injectable } from '@nestjs/common';
import type { NewVersionView } from '@studio/contracts';
import type { FileChange, FileStore } from '@studio/files';
import { FILE_STORE } from '@studio/platform';
import { FileWriteLimit } from './file-write-limit.js';
import { HeadMoved } from './head-moved.js';
import { ProtectedChanges } from './protected-changes.js';

/**
 * A person's change to a project's files, however it was made (the code view, the page, the instructions, a
 * delete): one path, so each meets the same rules. The protected-file rule first, then the per-minute write
 * budget, then a commit on `base` (a compare-and-swap: VERSION_CONFLICT when the head moved; a running turn
 * rebases onto it or fails, never the person's change), then the preview and webhooks hear of the new head.
 */
@Injectable()
export class PersonEdits {
  constructor(
    @Inject(FILE_STORE) private readonly files: FileStore,
    private readonly headMoved: HeadMoved,
    private readonly writeLimit: FileWriteLimit,
    private readonly protectedChanges: ProtectedChanges,
  ) {}

  async commit(userId: string, project: { id: string; ownerId: string }, base: number, change: FileChange, message: string): Promise<NewVersionView> {
    await this.protectedChanges.check(project.id, base, change);
    const result = await this.writeLimit.spend(userId, () => this.files.commit(project.id, base, [change], { source: 'user', message }));
    this.headMoved.announce(project, result.version, 'user');
    return result;
  }
}
