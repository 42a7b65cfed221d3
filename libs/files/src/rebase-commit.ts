import { StudioError } from '@studio/contracts';
import type { EntityManager } from 'typeorm';
import type { PreparedChange } from './changes.js';
import type { CommitMeta, FileStore } from './file-store.js';

// A commit that keeps losing the race to other writers gives up after this many rebases.
const MAX_REBASES = 3;

export interface RebaseOptions {
  /** Runs inside the commit's transaction (see FileStore.finalize): if it throws, the version does not land. */
  alongside?: (tx: EntityManager, version: number) => Promise<void>;
  /** Told each time the changes move onto a newer head. */
  onRebase?: (from: number, onto: number) => void;
  /** The error for changes whose paths someone else changed meanwhile (default: a plain VERSION_CONFLICT). */
  conflict?: (paths: string[], head: number) => Error;
}

/**
 * Commits prepared changes made on `baseVersion` even when the head has moved since: if the files changed
 * meanwhile are not among the ones these changes touch (both sides of a rename), the same changes go on top
 * of the new head; if they overlap, the other writer's version is kept and this commit fails with
 * VERSION_CONFLICT. Each attempt is FileStore's compare-and-swap, so the commit still lands at most once.
 */
export async function commitRebasing(
  store: Pick<FileStore, 'finalize' | 'changedSince'>,
  projectId: string,
  baseVersion: number,
  changes: PreparedChange[],
  meta: CommitMeta,
  options: RebaseOptions = {},
): Promise<{ version: number }> {
  const touched = new Set(changes.flatMap((c) => (c.action === 'rename' ? [c.from, c.path] : [c.path])));
  let base = baseVersion;
  for (let attempt = 0; ; attempt++) {
    try {
      return await store.finalize(projectId, base, changes, meta, options.alongside);
    } catch (err) {
      if (!(err instanceof StudioError && err.code === 'VERSION_CONFLICT') || attempt >= MAX_REBASES) throw err;
      const { head, paths } = await store.changedSince(projectId, base);
      const overlap = paths.filter((p) => touched.has(p));
      if (overlap.length) {
        throw (
          options.conflict?.(overlap, head) ?? new StudioError('VERSION_CONFLICT', `${overlap.join(', ')} changed since version ${base}; nothing was changed.`, { paths: overlap, headVersion: head })
        );
      }
      options.onRebase?.(base, head);
      base = head;
    }
  }
}
