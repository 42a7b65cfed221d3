import type { RenderCheckView } from '@studio/contracts';
import type { FileBatch } from './agent-client.js';

/** One change a turn made, as the preview takes it (the shape of libs/files' FileChange). */
export type StagedChange = { action: 'write'; path: string; content: Buffer } | { action: 'delete'; path: string } | { action: 'rename'; from: string; path: string };

/**
 * Where a turn hands its changes to the project's live preview (docs/ARCHITECTURE.md "Speculative preview"):
 * each accepted change at once while the model streams, the committed version at the end, the head version
 * back when the turn fails or is cancelled (apps/worker/src/previews/live-preview-sync.ts); with no preview
 * running, each call does nothing.
 */
export interface PreviewSync {
  stage(projectId: string, turnId: string, changes: readonly { change: StagedChange }[]): void;
  /** Loads the page with everything the turn staged (null: nothing staged, or no preview running). */
  check(projectId: string, turnId: string, baseVersion: number): Promise<RenderCheckView | null>;
  /** The turn did not land: put the preview back to what the store holds. */
  revert(projectId: string, headVersion: number): Promise<void>;
  /** The committed version replaces the working copy; `render` is the check of the same files before the commit. */
  sync(projectId: string, version: number, paths: string[], render?: RenderCheckView | null): Promise<void>;
}

export const PREVIEW_SYNC = Symbol('PREVIEW_SYNC');

/** A turn's staged changes as one speculative batch (no version: the preview serves a working copy). */
export function stagedBatch(changes: readonly { change: StagedChange }[]): FileBatch {
  const batch: Required<FileBatch> = { version: null, replace: false, writes: [], deletes: [], renames: [] };
  for (const { change } of changes) {
    if (change.action === 'write') batch.writes.push({ path: change.path, data: change.content });
    else if (change.action === 'delete') batch.deletes.push(change.path);
    else batch.renames.push({ from: change.from, path: change.path });
  }
  return batch;
}
