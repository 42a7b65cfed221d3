import type { DiffEntry } from '@studio/contracts';

/** One side of a changed file: where its text is read (null: the file is not on that side). */
export interface DiffSide {
  path: string;
  version: number;
}

/** What the diff view shows for one entry of `GET …/versions/:n/diff`: both sides to load, or one line of text. */
export type DiffPlan = { kind: 'text'; before: DiffSide | null; after: DiffSide | null } | { kind: 'note'; text: string };

/**
 * Which bytes make each side of an entry. A write is a new or changed file (the API says which only in its
 * patch: a new file's one hunk starts at `-0,0`), a rename reads its old text under its old name, a delete has
 * no after. Binary files and renames with nothing changed inside are a line of text (the API sends them no patch).
 */
export function planDiff(entry: DiffEntry, version: number, against: number): DiffPlan {
  if (entry.binary)
    return { kind: 'note', text: entry.action === 'delete' ? 'Binary file, deleted.' : entry.action === 'rename' ? `Binary file, renamed from ${entry.from}.` : 'Binary file, changed.' };
  if (entry.action === 'rename' && entry.patch === null) return { kind: 'note', text: `Renamed from ${entry.from}, nothing changed inside.` };
  const added = /^@@ -0,0 /m.test(entry.patch ?? '');
  switch (entry.action) {
    case 'delete':
      return { kind: 'text', before: { path: entry.path, version: against }, after: null };
    case 'rename':
      return { kind: 'text', before: { path: entry.from ?? entry.path, version: against }, after: { path: entry.path, version } };
    case 'write':
      return { kind: 'text', before: added ? null : { path: entry.path, version: against }, after: { path: entry.path, version } };
  }
}

/** The version a diff compares with: the one given, else the one before. */
export const againstOf = (version: number, against?: number) => against ?? version - 1;
