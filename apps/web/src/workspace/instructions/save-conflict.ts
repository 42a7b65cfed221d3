import type { InstructionsView } from '@studio/contracts';

/**
 * What a save that met a moved head (409 VERSION_CONFLICT) does next. Most moves are a turn or an edit of
 * another file: the instructions the person started from are still the head's, so saving again on the new
 * head loses nothing. Only when the instructions themselves changed meanwhile does the person choose; their
 * draft is never dropped on the way.
 */
export type ConflictStep = { kind: 'retry'; baseVersion: number } | { kind: 'ask'; theirs: InstructionsView };

export function afterConflict(startedFrom: string, latest: InstructionsView): ConflictStep {
  return latest.text === startedFrom ? { kind: 'retry', baseVersion: latest.version } : { kind: 'ask', theirs: latest };
}
