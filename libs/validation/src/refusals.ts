import type { ErrorCode, FileChangeView, RefusedChangeView } from '@studio/contracts';
import type { ParsedChange } from '@studio/llm';
import type { AcceptedChange } from './accepted-change.js';

/** Refusals the model can fix in a repair round, given the errors and the current file. */
export const REPAIRABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SYNTAX_ERROR',
  'IMPORT_UNRESOLVED',
  'IMPORT_NOT_AVAILABLE',
  'DANGEROUS_CODE',
  'PATCH_NO_MATCH',
  'PATCH_AMBIGUOUS',
  'PATCH_EMPTY_SEARCH',
  // The message names the closest ids, so the model can pick a real one.
  'COMPONENT_NOT_FOUND',
  // TypeScript's file:line:col and message say exactly what to fix.
  'TYPE_ERROR',
  // A patch of a file that does not exist: the model can write the whole file.
  'FILE_NOT_FOUND',
  // The message lists the project's assets: the model uses one of them, or draws the picture instead.
  'ASSET_NOT_FOUND',
]);

/** A check's verdict against one change, thrown from deep in the checks and turned into a refusal by the validator. */
export class Refused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly line?: number,
    readonly suggestions?: string[],
    readonly column?: number,
  ) {
    super(message);
  }
}

/** The optional fields a refusal may carry besides its code and message. */
export type RefusalDetails = Partial<Pick<RefusedChangeView, 'line' | 'column' | 'suggestions' | 'causedBy' | 'tsCode'>>;

/** Where a refusal points: the change as the model wrote it. */
export type RefusedTarget = Omit<RefusedChangeView, 'code' | 'message'>;

export const viewOf = (c: ParsedChange): FileChangeView =>
  c.action === 'rename' ? { action: 'rename', path: c.to, from: c.path } : { action: c.action === 'delete' ? 'delete' : 'write', path: c.path };

/** A refusal names the action the model wrote: `patch` and `insert` stay themselves. */
export const refusedViewOf = (c: ParsedChange): RefusedTarget => (c.action === 'patch' || c.action === 'insert' ? { action: c.action, path: c.path } : viewOf(c));

/**
 * Every refusal of the reply, each with the number of changes accepted when it was made, so that a refusal
 * the model later fixed (an accepted change to the same path after it) drops out of the report.
 */
export class RefusalLog {
  private readonly entries: { refusal: RefusedChangeView; at: number }[] = [];

  constructor(private readonly accepted: readonly AcceptedChange[]) {}

  /** Records and returns the refusal; details left undefined are left out, not written as `undefined`. */
  refuse(target: RefusedTarget, code: ErrorCode, message: string, details: RefusalDetails = {}): RefusedChangeView {
    const defined = Object.fromEntries(Object.entries(details).filter(([, v]) => v !== undefined));
    const refusal: RefusedChangeView = { ...target, code, message, ...defined };
    this.entries.push({ refusal: { ...refusal }, at: this.accepted.length });
    return refusal;
  }

  /**
   * Refusals still standing, one per path (the latest: a repair round that is refused again replaces the
   * first refusal); one the model later fixed (an accepted change to the same path) is dropped.
   */
  standing(): RefusedChangeView[] {
    const fixedAt = new Map<string, number>();
    this.accepted.forEach((a, i) => fixedAt.set(a.view.path, i));
    const latest = new Map<string, { refusal: RefusedChangeView; at: number }>();
    for (const entry of this.entries) {
      latest.delete(entry.refusal.path); // re-inserted last, so the report keeps the order refusals were last made in
      latest.set(entry.refusal.path, entry);
    }
    return [...latest.values()].filter(({ refusal, at }) => at > (fixedAt.get(refusal.path) ?? -1)).map(({ refusal }) => ({ ...refusal }));
  }
}
