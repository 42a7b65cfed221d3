import type { SearchReplace } from './events.js';

/**
 * Cleans a finished block's body: one outer Markdown fence is stripped, the leading line break after the
 * tag goes, and the end is normalised to exactly one newline. Everything else stays byte for byte.
 */
export function cleanBody(raw: string): string {
  let body = raw.replace(/^\r?\n/, '');
  const fenced = body.match(/^[ \t]*(`{3,}|~{3,})[^\n`]*\r?\n([\s\S]*?)\r?\n?[ \t]*\1[ \t]*\s*$/);
  if (fenced) body = fenced[2];
  body = body.replace(/\s+$/, '');
  return body.length ? `${body}\n` : '';
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
