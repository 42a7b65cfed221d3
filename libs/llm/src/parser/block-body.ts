import type { SearchReplace } from './events.js';
import { isSpace } from './white-space.js';

const LF = 10;
const CR = 13;
const FENCE_START = /^[ \t]*[`~]/;

/**
 * Cleans a finished block's body: one outer Markdown fence is stripped, the leading line break after the
 * tag goes, and the end is normalised to exactly one newline. Everything else stays byte for byte.
 */
export function cleanBody(raw: string): string {
  let body = raw.charCodeAt(0) === LF ? raw.slice(1) : raw.charCodeAt(0) === CR && raw.charCodeAt(1) === LF ? raw.slice(2) : raw;
  // The fence regex only where a fence may start (after spaces and tabs, a ` or ~): most bodies have none.
  if (FENCE_START.test(body)) {
    const fenced = body.match(/^[ \t]*(`{3,}|~{3,})[^\n`]*\r?\n([\s\S]*?)\r?\n?[ \t]*\1[ \t]*\s*$/);
    if (fenced) body = fenced[2];
  }
  // What \s+$ matches (white space and line terminators) goes, by character. A body that already ends in one
  // newline after its text (as models write it) is returned as it is: no copy, often a slice of the reply.
  let end = body.length;
  while (end > 0 && isSpace(body.charCodeAt(end - 1))) end--;
  if (end === 0) return '';
  if (end === body.length - 1 && body.charCodeAt(end) === LF) return body;
  return `${body.slice(0, end)}\n`;
}

const SEARCH = /^<{5,}\s*SEARCH\s*$/i;
const DIVIDER = /^={5,}\s*$/;
const REPLACE = /^>{5,}\s*REPLACE\s*$/i;

/** SEARCH/REPLACE blocks of a patch body, in order; null when there are none or one is malformed. */
export function parsePatch(body: string): SearchReplace[] | null {
  const lines = body.split('\n');
  const blocks: SearchReplace[] = [];
  let i = 0;
  while (i < lines.length) {
    if (!SEARCH.test(lines[i].trimEnd())) {
      if (lines[i].trim() !== '') return null; // text outside a block: not a patch we can trust
      i++;
      continue;
    }
    const search: string[] = [];
    const replace: string[] = [];
    i++;
    while (i < lines.length && !DIVIDER.test(lines[i].trimEnd())) search.push(lines[i++]);
    if (i >= lines.length) return null;
    i++;
    while (i < lines.length && !REPLACE.test(lines[i].trimEnd())) replace.push(lines[i++]);
    if (i >= lines.length) return null;
    i++;
    blocks.push({ search: search.join('\n'), replace: replace.join('\n') });
  }
  return blocks.length ? blocks : null;
}
