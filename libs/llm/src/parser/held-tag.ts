import { CODE_CLOSE, CODE_OPEN, GT, isTagDelimiter } from './tag-scan.js';

/**
 * One character at a time, the starts of tags (in a body `<div`, `{a < b`, `<code>`, `</code>`; in response
 * text `<code path=`) are most of the pushes that are not plain text. The parser holds such a start in its
 * buffer; these tell what the next character does to it, by its length and second character rather than
 * comparing strings, and the new start is one of these constants rather than a new string. They decide only
 * what tookHeldTag and the steps would decide the same way; anything else is TO_STEPS.
 */

/** The held start and the character are file text (but a '<', which starts the next). */
export const FILE_TEXT = 0;
/** `<code>`: a bare element in the body, which the body's `</code>`s must now match. */
export const BARE_OPEN = 1;
/** `</code>`. */
export const CLOSING = 2;
/** In response text, `<code` and a delimiter other than '>': an opening tag whose attributes follow. */
export const OPENING_TAG = 4;
/** Left to tookHeldTag and the steps (`<code` and a delimiter that starts attributes, `</code` and white space...). */
export const TO_STEPS = 3;

const OPEN_STARTS = Array.from({ length: CODE_OPEN.length + 1 }, (_, n) => CODE_OPEN.slice(0, n));
const CLOSE_STARTS = Array.from({ length: CODE_CLOSE.length + 1 }, (_, n) => CODE_CLOSE.slice(0, n));
const SLASH = 47;

/** In a body, `held` is a start of `<code` or `</code` (whole too): the new held start (a string), or what `c` makes of it. */
export function heldBodyTagStep(held: string, c: number): string | number {
  const n = held.length;
  // The second character tells the tags apart; held is '<' alone, the character is the second.
  const tag = (n === 1 ? c : held.charCodeAt(1)) === SLASH ? CODE_CLOSE : CODE_OPEN;
  if (n < tag.length) return tag.charCodeAt(n) === c ? (tag === CODE_CLOSE ? CLOSE_STARTS : OPEN_STARTS)[n + 1] : FILE_TEXT;
  if (c !== GT) return TO_STEPS;
  return tag === CODE_CLOSE ? CLOSING : BARE_OPEN;
}

/** In response text, `held` is a start of `<code` (whole too): the new held start, OPENING_TAG, or TO_STEPS. */
export function heldTextTagStep(held: string, c: number): string | number {
  const n = held.length;
  if (n < CODE_OPEN.length) return CODE_OPEN.charCodeAt(n) === c ? OPEN_STARTS[n + 1] : TO_STEPS;
  return c !== GT && isTagDelimiter(c) ? OPENING_TAG : TO_STEPS;
}
