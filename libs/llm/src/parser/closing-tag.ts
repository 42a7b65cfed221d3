import { MAX_TAG, parseCodeTag } from './code-tag.js';
import { isSpace } from './white-space.js';

const NEWLINE = 10;
const LT = 60;
const OUR_TAGS = ['<response>', '</response>'];

/**
 * Whether a `</code>` that would close a file block (no pathless `<code>` element open in its body) really
 * does, judged by what follows it on its line (docs/OUTPUT_FORMAT.md): the input from `from` on (the tag's end).
 *
 * - Nothing but white space up to a newline, or to the end of the reply: it closes.
 * - One of the reply's own tags next on the line (`<code path=...>`, `<response>`, `</response>`): it closes;
 *   models do write `</code><code path="b.ts">`, and no file text looks like that.
 * - Anything else (`";`, `'}`, ` and more`): it is file text, such as `const close = "</code>";`.
 *
 * 'wait' when the input so far cannot tell (white space without its newline, the start of a tag): the
 * caller holds the tag until more arrives, so any chunking of the reply gives the same answer.
 */
export function judgeClosingTag(input: string, from: number, final: boolean): 'close' | 'content' | 'wait' {
  let i = from;
  while (i < input.length) {
    const c = input.charCodeAt(i);
    if (c === NEWLINE) return 'close';
    if (!isSpace(c)) break;
    i++;
  }
  if (i === input.length) return final ? 'close' : 'wait';
  if (input.charCodeAt(i) !== LT) return 'content';
  const tail = input.slice(i);
  for (const tag of OUR_TAGS) {
    if (tail.startsWith(tag)) return 'close';
    if (!final && tag.startsWith(tail)) return 'wait';
  }
  if (tail.startsWith('<code') && /[\s/>]/.test(tail.charAt(5))) {
    const gt = tail.slice(0, MAX_TAG).indexOf('>');
    if (gt === -1) return !final && tail.length < MAX_TAG ? 'wait' : 'content';
    return parseCodeTag(tail.slice(0, gt + 1)).path !== undefined ? 'close' : 'content';
  }
  return !final && '<code'.startsWith(tail) ? 'wait' : 'content';
}
