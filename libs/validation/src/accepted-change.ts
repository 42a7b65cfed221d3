import type { FileChangeView, RefusedChangeView } from '@studio/contracts';
import type { FileChange } from '@studio/files';

/** A change that passed every check, as the store commits it and as the chat shows it. */
export interface AcceptedChange {
  change: FileChange;
  view: FileChangeView;
}

/** What one step of validation decided: the changes it let through and those it refused. */
export interface ValidationOutcome {
  accepted: AcceptedChange[];
  refused: RefusedChangeView[];
}

/** What the model asked for, as a refusal reports it (a patch or an insert would have been a write). */
export type WriteAction = 'write' | 'patch' | 'insert';

/** An accepted write of `path`, as the store and the chat see it. */
export const acceptedWrite = (path: string, content: Buffer): AcceptedChange => ({ change: { action: 'write', path, content }, view: { action: 'write', path } });

/**
 * What a reply does, net: a write superseded by a later write of the same path (an insert then its patch, a
 * file written twice) is left out, so the version lists each path once.
 */
export function netChanges(accepted: readonly AcceptedChange[]): AcceptedChange[] {
  const touches = (c: FileChange, path: string) => c.path === path || (c.action === 'rename' && c.from === path);
  return accepted.filter((a, i) => {
    if (a.change.action !== 'write') return true;
    const next = accepted.slice(i + 1).find((later) => touches(later.change, a.change.path));
    return next?.change.action !== 'write';
  });
}
