import { isSpace } from './white-space.js';

/**
 * The parser's looks at the held-back input, by character code and without slices or regexes: a reply streamed
 * a character at a time makes one of these per push, so each is kept to a few comparisons (B7 of BENCHMARKS.md).
 * They read the input from a position `at` on: the parser moves through its input by position rather than
 * slicing off what it consumed, so a body read whole is one slice of the input.
 */

export const CODE_OPEN = '<code';
export const CODE_CLOSE = '</code';
export const RESPONSE_OPEN = '<response>';
export const RESPONSE_CLOSE = '</response>';

export const LT = 60;
export const GT = 62;
const SLASH = 47;
const RSQB = 93;

/** Where the next `<code` or `</code` from `at` starts, or -1. */
export function nextCodeTag(buf: string, at: number): number {
  const open = buf.indexOf(CODE_OPEN, at);
  const close = buf.indexOf(CODE_CLOSE, at);
  return open === -1 ? close : close === -1 ? open : Math.min(open, close);
}

/** Whether `s`, from `at` on, starts with `prefix`. */
export function startsAt(s: string, at: number, prefix: string): boolean {
  if (s.length - at < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (s.charCodeAt(at + i) !== prefix.charCodeAt(i)) return false;
  return true;
}

/** Whether `buf` from `at` on is a start of `tag` (all of `tag`, or nothing, too). */
export function isStartOf(tag: string, buf: string, at: number): boolean {
  const n = buf.length - at;
  if (n > tag.length) return false;
  for (let i = 0; i < n; i++) if (buf.charCodeAt(at + i) !== tag.charCodeAt(i)) return false;
  return true;
}

/** Length of the longest end of `buf` after `at` (5 characters at most) that may still grow into `<code` or `</code`. */
export function partialCodeTagTail(buf: string, at: number): number {
  const n = buf.length;
  for (let k = Math.min(5, n - at); k > 0; k--) {
    if (buf.charCodeAt(n - k) !== LT) continue;
    const at = n - k;
    // The tail is a start of '</code' or '<code' when it matches them over its own length.
    let close = true;
    let open = true;
    for (let i = 0; i < k && (close || open); i++) {
      const c = buf.charCodeAt(at + i);
      close &&= c === CODE_CLOSE.charCodeAt(i);
      open &&= c === CODE_OPEN.charCodeAt(i);
    }
    if (close || open) return k;
  }
  return 0;
}

/** Length of a `</code>` (white space allowed before its '>') at `at` in `buf`, or 0 if there is none. */
export function closingTagLength(buf: string, at: number): number {
  if (!startsAt(buf, at, CODE_CLOSE)) return 0;
  let i = at + CODE_CLOSE.length;
  while (i < buf.length && isSpace(buf.charCodeAt(i))) i++;
  return i < buf.length && buf.charCodeAt(i) === GT ? i + 1 - at : 0;
}

/** Whether `buf` from `at` is `</code` and only white space after it: the start of a `</code >` still arriving. */
export function isOpenClosingTag(buf: string, at: number): boolean {
  if (!startsAt(buf, at, CODE_CLOSE)) return false;
  for (let i = at + CODE_CLOSE.length; i < buf.length; i++) if (!isSpace(buf.charCodeAt(i))) return false;
  return true;
}

/** Whether the character `c` may follow `<code` in an opening tag: white space, '/' or '>' (not `<codex>`). */
export function isTagDelimiter(c: number): boolean {
  return c === SLASH || c === GT || isSpace(c);
}

/** Whether `buf` has `<code` and a delimiter at `at`: an opening tag. */
export function startsCodeTag(buf: string, at = 0): boolean {
  return buf.length - at > CODE_OPEN.length && startsAt(buf, at, CODE_OPEN) && isTagDelimiter(buf.charCodeAt(at + CODE_OPEN.length));
}

/** Where the white space in `s` from `at` on ends. */
export function skipSpace(s: string, at: number): number {
  let i = at;
  while (i < s.length && isSpace(s.charCodeAt(i))) i++;
  return i;
}

/** Whether `s` has a character that is not white space between `from` and `to`. */
export function hasText(s: string, from = 0, to = s.length): boolean {
  for (let i = from; i < to; i++) if (!isSpace(s.charCodeAt(i))) return true;
  return false;
}

/** Whether `chunk` has the character `c`; one character, the common push, by code. */
export function hasChar(chunk: string, c: number): boolean {
  return chunk.length === 1 ? chunk.charCodeAt(0) === c : chunk.indexOf(String.fromCharCode(c)) !== -1;
}

/** Whether `chunk` has a '<' or a ']' (a tag's or a CDATA end's first character); one character, the common push, by code. */
export function hasMarkupChar(chunk: string): boolean {
  if (chunk.length === 1) {
    const c = chunk.charCodeAt(0);
    return c === LT || c === RSQB;
  }
  return chunk.indexOf('<') !== -1 || chunk.indexOf(']') !== -1;
}

/** Whether `buf` followed by the character `c` is a start of `tag`: the whole of it too when `whole`. */
export function extendsPrefix(tag: string, buf: string, c: number, whole: boolean): boolean {
  const n = buf.length;
  return (whole ? n < tag.length : n < tag.length - 1) && tag.charCodeAt(n) === c && startsAt(tag, 0, buf);
}
