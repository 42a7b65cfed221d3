import { Inject, Injectable } from '@nestjs/common';
import { StudioError } from '@studio/contracts';
import { assertNotProtected, checkPath, type FileStore, isPackageJson, type ProtectedCheckChange } from '@studio/files';
import { FILE_STORE } from '@studio/platform';

/**
 * The protected-file rule (libs/files/src/protected-files.ts, the same one a turn's changes meet) for what a
 * person changes through the API: an edit, a delete, a restore. Refuses with PROTECTED_FILE before anything is
 * written. Path rules come first, so a bad path keeps its own code.
 */
@Injectable()
export class ProtectedChanges {
  constructor(@Inject(FILE_STORE) private readonly files: FileStore) {}

  /** A person's change on top of `version`. */
  async check(projectId: string, version: number, change: ProtectedCheckChange): Promise<void> {
    checkPath(change.path, this.files.limits);
    const current = isPackageJson(change.path) ? await this.text(projectId, change.path, version) : undefined;
    assertNotProtected(change, () => current);
  }

  /**
   * A restore to `target` writes back what differs from the head: each such file meets the rule as an edit or
   * a delete would. (Every version passed the rule when it was made; this covers versions made before it.)
   */
  async checkRestore(projectId: string, target: number): Promise<void> {
    const [head, wanted] = await Promise.all([this.files.manifest(projectId), this.files.manifest(projectId, target)]);
    for (const path of new Set([...Object.keys(head), ...Object.keys(wanted)])) {
      if (head[path]?.sha256 === wanted[path]?.sha256) continue;
      if (!wanted[path]) {
        assertNotProtected({ action: 'delete', path }, () => undefined);
        continue;
      }
      const next = isPackageJson(path) ? ((await this.text(projectId, path, target)) ?? '') : '';
      const before = isPackageJson(path) && head[path] ? await this.text(projectId, path) : undefined;
      assertNotProtected({ action: 'write', path, content: next }, () => before);
    }
  }

  private async text(projectId: string, path: string, version?: number): Promise<string | undefined> {
    try {
      return (await this.files.readFile(projectId, path, version)).toString('utf8');
    } catch (err) {
      if (err instanceof StudioError && err.code === 'FILE_NOT_FOUND') return undefined;
      throw err;
    }
  }
}
