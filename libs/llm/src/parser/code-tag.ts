import { isSpace } from './white-space.js';

/** The attributes of a `<code ...>` opening tag, with the variants models write (docs/OUTPUT_FORMAT.md). */
export interface CodeTag {
  path?: string;
  action?: string;
  to?: string;
  component?: string;
  selfClosing: boolean;
}

/** An opening tag longer than this is not one of ours: it is text. */
export const MAX_TAG = 2048;

// name = "value" | 'value' | bare-value; names are case-insensitive.
const ATTRIBUTE = /([A-Za-z_:][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))/g;
const PATH_NAMES = new Set(['path', 'file', 'filename']);

/** Parses the text of an opening tag, from `<code` to its `>`. */
export function parseCodeTag(tag: string): CodeTag {
  // JSX and HTML bodies are full of bare <code> elements: no attributes to look for.
  if (tag === '<code>') return { selfClosing: false };
  const inner = tag.slice('<code'.length, tag.length - 1);
  const plain = plainAttributes(inner, endsSelfClosing(tag));
  if (plain) return plain;
  const out: CodeTag = { selfClosing: endsSelfClosing(tag) };
  for (const m of inner.matchAll(ATTRIBUTE)) setAttribute(out, m[1], m[2] ?? m[3] ?? m[4] ?? '');
  return out;
}

function setAttribute(out: CodeTag, rawName: string, value: string) {
  const name = rawName.toLowerCase();
  if (PATH_NAMES.has(name)) out.path ??= value;
  else if (name === 'action') out.action = value.toLowerCase();
  else if (name === 'to') out.to = value;
  else if (name === 'component') out.component = value;
}

/** Whether the tag ends in `/>`, white space allowed between (what /\/\s*>$/ matches). */
function endsSelfClosing(tag: string): boolean {
  if (tag.charCodeAt(tag.length - 1) !== GT) return false;
  let i = tag.length - 2;
  while (i >= 0 && isSpace(tag.charCodeAt(i))) i--;
  return tag.charCodeAt(i) === SLASH;
}

/**
 * The attributes of a tag's inside written the way models write it (white space, `name="value"`, ... then an
 * optional `/`), read by character: the attribute regex costs more than the rest of a block's parsing. Null for
 * any other shape (single quotes, bare values, spaces around '=', stray text), which the regex reads instead.
 * On this shape the regex finds exactly these pairs: a match can only start at a name, and a name runs to its '='.
 */
function plainAttributes(inner: string, selfClosing: boolean): CodeTag | null {
  const out: CodeTag = { selfClosing };
  let i = 0;
  const n = inner.length;
  while (i < n) {
    const spaceFrom = i;
    while (i < n && isSpace(inner.charCodeAt(i))) i++;
    if (i === n) break;
    if (inner.charCodeAt(i) === SLASH) {
      i++;
      while (i < n && isSpace(inner.charCodeAt(i))) i++;
      return i === n ? out : null;
    }
    if (i === spaceFrom || !isNameStart(inner.charCodeAt(i))) return null;
    const nameFrom = i++;
    while (i < n && isNameChar(inner.charCodeAt(i))) i++;
    if (inner.charCodeAt(i) !== EQUALS || inner.charCodeAt(i + 1) !== QUOTE) return null;
    const close = inner.indexOf('"', i + 2);
    if (close === -1) return null;
    setAttribute(out, inner.slice(nameFrom, i), inner.slice(i + 2, close));
    i = close + 1;
  }
  return out;
}

const SLASH = 47;
const GT = 62;
const EQUALS = 61;
const QUOTE = 34;

/** [A-Za-z_:] */
function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58;
}

/** [\w:.-] */
function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 46 || c === 45;
}
