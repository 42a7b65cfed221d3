import type { ErrorCode } from '@studio/contracts';
import type { SearchReplace } from './events.js';

export type PatchErrorCode = Extract<ErrorCode, 'PATCH_NO_MATCH' | 'PATCH_AMBIGUOUS' | 'PATCH_EMPTY_SEARCH'>;

export type PatchResult = { ok: true; content: string } | { ok: false; code: PatchErrorCode; message: string; block: number };

type Matcher = (a: string, b: string) => boolean;

// The cascade, strictest first: the first level that finds the SEARCH text decides. Finding it more than
// once at that level is ambiguous: an error, never a guess.
const LINE_LEVELS: { name: string; same: Matcher }[] = [
  { name: 'ignoring trailing white space', same: (a, b) => a.trimEnd() === b.trimEnd() },
  { name: 'ignoring indentation', same: (a, b) => a.trim() === b.trim() },
];

/** Applies SEARCH/REPLACE blocks in order; each sees the result of the ones before it. */
export function applyPatch(content: string, blocks: SearchReplace[]): PatchResult {
  let current = content;
  for (let i = 0; i < blocks.length; i++) {
    const result = applyOne(current, blocks[i], i);
    if (!result.ok) return result;
    current = result.content;
  }
  return { ok: true, content: current };
}

function applyOne(content: string, { search, replace }: SearchReplace, block: number): PatchResult {
  if (!search.trim()) return { ok: false, code: 'PATCH_EMPTY_SEARCH', message: `SEARCH block ${block + 1} is empty.`, block };

  const first = content.indexOf(search);
  if (first !== -1) {
    if (content.indexOf(search, first + 1) !== -1) return ambiguous(block, 'exactly');
    return { ok: true, content: content.slice(0, first) + replace + content.slice(first + search.length) };
  }

  const lines = content.split('\n');
  const wanted = trimBlankEdges(search.split('\n'));
  for (const level of LINE_LEVELS) {
    const starts = findLines(lines, wanted, level.same);
    if (starts.length > 1) return ambiguous(block, level.name);
    if (starts.length === 1) {
      const at = starts[0];
      const replacement = reindent(replace.split('\n'), wanted, lines.slice(at, at + wanted.length));
      return { ok: true, content: [...lines.slice(0, at), ...replacement, ...lines.slice(at + wanted.length)].join('\n') };
    }
  }
  return { ok: false, code: 'PATCH_NO_MATCH', message: `SEARCH block ${block + 1} matches nothing in the file, even ignoring white space.`, block };
}

function findLines(lines: string[], wanted: string[], same: Matcher): number[] {
  const starts: number[] = [];
  for (let i = 0; i + wanted.length <= lines.length; i++) {
    let j = 0;
    while (j < wanted.length && same(lines[i + j], wanted[j])) j++;
    if (j === wanted.length) starts.push(i);
  }
  return starts;
}

const trimBlankEdges = (lines: string[]) => {
  let a = 0;
  let b = lines.length;
  while (a < b && !lines[a].trim()) a++;
  while (b > a && !lines[b - 1].trim()) b--;
  return lines.slice(a, b);
};

const indentOf = (line: string) => /^[ \t]*/.exec(line)![0];

/**
 * When the SEARCH text matched only by ignoring indentation, shift the REPLACE lines by the same amount the
 * file's lines differ from the SEARCH lines, so the result keeps the file's indentation.
 */
function reindent(replace: string[], search: string[], matched: string[]): string[] {
  const k = search.findIndex((l) => l.trim());
  if (k === -1) return replace;
  const have = indentOf(matched[k]);
  const wrote = indentOf(search[k]);
  if (have === wrote) return replace;
  if (have.startsWith(wrote)) {
    const extra = have.slice(wrote.length);
    return replace.map((l) => (l.trim() ? extra + l : l));
  }
  if (wrote.startsWith(have)) {
    const cut = wrote.length - have.length;
    return replace.map((l) => (indentOf(l).length >= cut ? l.slice(cut) : l.trimStart()));
  }
  return replace;
}

function ambiguous(block: number, how: string): PatchResult {
  return { ok: false, code: 'PATCH_AMBIGUOUS', message: `SEARCH block ${block + 1} matches more than one place (${how}); add surrounding lines to make it unique.`, block };
}
