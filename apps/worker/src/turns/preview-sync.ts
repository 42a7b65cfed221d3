import type { RenderCheckView } from '@studio/contracts';
import type { AcceptedChange } from './change-validator.js';

/**
 * Where a turn hands its changes to the project's live preview (ARCHITECTURE.md "Speculative preview"):
 * each accepted change at once while the model streams, the committed version at the end, the head version
 * back when the turn fails or is cancelled (apps/worker/src/previews/live-preview-sync.ts); with no preview
 * running, each call does nothing.
 */
export interface PreviewSync {
  stage(projectId: string, turnId: string, changes: AcceptedChange[]): void;
  /** Loads the page with everything the turn staged (null: nothing staged, or no preview running). */
  check(projectId: string, turnId: string, baseVersion: number): Promise<RenderCheckView | null>;
  /** The turn did not land: put the preview back to what the store holds. */
  revert(projectId: string, headVersion: number): Promise<void>;
  /** The committed version replaces the working copy; `render` is the check of the same files before the commit. */
  sync(projectId: string, version: number, paths: string[], render?: RenderCheckView | null): Promise<void>;
}

export const PREVIEW_SYNC = Symbol('PREVIEW_SYNC');

