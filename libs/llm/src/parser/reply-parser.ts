import { MAX_TAG, parseCodeTag } from './code-tag.js';
import type { ParserEvent } from './events.js';
import { BARE_OPEN, CLOSING, FILE_TEXT, heldBodyTagStep, heldTextTagStep, OPENING_TAG } from './held-tag.js';
import { type Block, NO_EVENTS, type ReplyParserOptions, ReplySteps } from './reply-steps.js';
import { CODE_CLOSE, CODE_OPEN, extendsPrefix, GT, hasChar, hasMarkupChar, hasText, isTagDelimiter, LT, RESPONSE_CLOSE, RESPONSE_OPEN, startsCodeTag } from './tag-scan.js';
import { isSpace } from './white-space.js';

export type { ReplyParserOptions } from './reply-steps.js';

const NEWLINE = 10;

/**
 * The incremental parser of docs/OUTPUT_FORMAT.md. Feed it chunks of any size (one character at a time gives the
 * same events as the whole reply); it emits response text as soon as it cannot be part of a tag, a change as
 * each `</code>` closes, errors for blocks it refuses, and `end`. It only ever holds back the few characters
 * that might still become a tag, a `</code>` until the rest of its line tells whether it closes, plus the
 * body of the block being read.
 *
 * The steps (reply-steps.ts) are what it means; here are the pushes, and shortcuts for the pushes whose
 * outcome the held state alone tells (a reply streamed a character or a token at a time is mostly those),
 * each doing exactly what the steps would (reply-parser.chunking.spec.ts pins that any split gives the same events).
 */
export class ReplyParser extends ReplySteps {
  private ended = false;
  /** `buf` is `<code`, a delimiter and more, without its '>' yet: known, so that it need not be read again at each push. */
  private heldOpeningTag = false;
  /** `buf` is a start of `<code` (whole too) in response text, held by the one-character paths (heldTextTagStep). */
  private heldTextTag = false;
  /** `buf` is a start of `<code` or `</code` (whole too) in a body outside CDATA, held by the one-character paths (heldBodyTagStep). */
  private heldBodyTag = false;
  /** `buf` is a `</code>` that closes if its line ends (the wait of judgeClosingTag), held by tookBodyTagChar. */
  private heldClosingTag = false;

  push(chunk: string): ParserEvent[] {
    if (this.ended) throw new Error('ReplyParser: push after end');
    if (chunk.length === 1) {
      const events = this.pushChar(chunk);
      if (events) return events;
    }
    // A push the shortcuts did not take may change `buf`: what these knew of it no longer holds.
    this.heldTextTag = false;
    this.heldBodyTag = false;
    this.heldClosingTag = false;
    // Fast path for the common case of streaming: nothing held back and no tag in sight.
    if (this.buf.length === 0 && !hasMarkupChar(chunk)) {
      const block = this.block;
      if (!block) this.text(chunk);
      else if (block.cdata === 'none' || block.cdata === 'after') this.append(chunk);
      else {
        this.buf = chunk;
        this.run(false);
      }
      return this.drain();
    }
    if (this.tookHeldTag(chunk)) return this.drain();
    this.heldOpeningTag = false;
    this.buf += chunk;
    this.run(false);
    return this.drain();
  }

  /**
   * Takes a push that meets a tag being held back (the steps stopped with it in `buf`) when the tag's shape
   * alone tells what the steps would do, without running them; false when it does not. Streamed a character or
   * a token at a time, a tag arrives in that many pushes, and rerunning the steps on it each time was most of
   * the cost of parsing.
   * - `<code`, a delimiter and no '>' yet (readCodeTag's wait): held until a '>' or MAX_TAG characters.
   * - Still a start of a tag that matters there (stepInText's and partialCodeTagTail's waits): held. In text,
   *   `<code` and `<response>`, `</response>` short of whole (whole, they are decided); in a body, `<code`, `</code`.
   * - In a body, a start of `<code` or `</code`, short of whole, that this character ends: file text, as
   *   partialCodeTagTail finds, but a '<', which may start the next.
   * Everything else (CDATA, white space after `</code>`, whole tags) is left to the steps.
   */
  private tookHeldTag(chunk: string): boolean {
    const block = this.block;
    if (block && (block.cdata === 'undecided' || block.cdata === 'inside')) return false;
    const buf = this.buf;
    if (this.heldOpeningTag || startsCodeTag(buf) || (buf === CODE_OPEN && isTagDelimiter(chunk.charCodeAt(0)))) {
      this.heldOpeningTag = !hasChar(chunk, GT) && buf.length + chunk.length < MAX_TAG;
      if (this.heldOpeningTag) this.buf += chunk;
      return this.heldOpeningTag;
    }
    if (chunk.length !== 1) return false;
    const c = chunk.charCodeAt(0);
    const held =
      extendsPrefix(CODE_OPEN, buf, c, true) || (block ? extendsPrefix(CODE_CLOSE, buf, c, true) : extendsPrefix(RESPONSE_OPEN, buf, c, false) || extendsPrefix(RESPONSE_CLOSE, buf, c, false));
    if (held) {
      this.buf += chunk;
      return true;
    }
    if (!block || buf.length === 0 || buf === CODE_OPEN || buf === CODE_CLOSE || !(CODE_OPEN.startsWith(buf) || CODE_CLOSE.startsWith(buf))) return false;
    if (c === LT) {
      this.append(buf);
      this.buf = chunk;
    } else {
      this.append(buf + chunk);
      this.buf = '';
    }
    return true;
  }

  /**
   * A reply streamed a character at a time is mostly pushes whose outcome the state alone tells: file text, one
   * more character of a tag being held. These take them without running the steps (each of which looks at the
   * input afresh), doing exactly what the steps and tookHeldTag would; null leaves the push to those.
   */
  private pushChar(chunk: string): ParserEvent[] | null {
    if (this.heldOpeningTag) return this.tookTagChar(chunk);
    const block = this.block;
    if (block === null) return this.tookTextTagChar(chunk);
    const cdata = block.cdata;
    if (cdata === 'undecided') return this.tookFirstBodyChar(block, chunk) ? NO_EVENTS : null;
    if (cdata === 'inside') return null;
    if (this.buf.length === 0) {
      this.tookBodyChar(block, chunk);
      return NO_EVENTS;
    }
    if (this.heldBodyTag) return this.tookBodyTagChar(chunk.charCodeAt(0));
    if (this.heldClosingTag && chunk.charCodeAt(0) === NEWLINE) {
      // The `</code>` ends its line: it closes, and the newline is response text (dropped at a part's start).
      this.buf = '';
      this.heldClosingTag = false;
      this.closeBlock();
      this.text(chunk);
      return this.drain();
    }
    return null;
  }

  /** In response text: a '<' with nothing held, and what follows it while it is a start of `<code`, held. */
  private tookTextTagChar(chunk: string): ParserEvent[] | null {
    const c = chunk.charCodeAt(0);
    if (this.buf.length === 0) {
      if (c !== LT) return null;
      this.buf = chunk;
      this.heldTextTag = true;
      return NO_EVENTS;
    }
    if (!this.heldTextTag) return null;
    const step = heldTextTagStep(this.buf, c);
    if (typeof step === 'string') {
      this.buf = step;
      return NO_EVENTS;
    }
    if (step !== OPENING_TAG) return null;
    this.buf += chunk;
    this.heldTextTag = false;
    this.heldOpeningTag = true;
    return NO_EVENTS;
  }

  /**
   * The body's start, before which white space is held to see whether a CDATA wrapper follows (stepInBlock):
   * a character that is neither white space nor '<' decides there is none, and is file text.
   */
  private tookFirstBodyChar(block: Block, chunk: string): boolean {
    const c = chunk.charCodeAt(0);
    const buf = this.buf;
    if (c === LT || hasText(buf)) return false;
    if (isSpace(c)) {
      this.buf = buf + chunk;
      return true;
    }
    block.cdata = 'none';
    this.buf = '';
    this.append(buf);
    this.tookBodyChar(block, chunk);
    return true;
  }

  /**
   * One character of a body outside CDATA, nothing held back (most pushes of a reply streamed a character at a
   * time): file text, but a '<', which is held as the start of a tag, as tookHeldTag and the steps would.
   */
  private tookBodyChar(block: Block, chunk: string) {
    const c = chunk.charCodeAt(0);
    if (c === LT) {
      this.buf = chunk;
      this.heldBodyTag = true;
    } else if (!block.overflow) {
      if (!block.hasText && !isSpace(c)) block.hasText = true;
      this.body.addUnit(c);
      this.checkOverflow(block);
    }
  }

  /**
   * One more character after a start of `<code` or `</code` held in a body (heldBodyTag): what tookHeldTag and
   * the steps would do, for what heldBodyTagStep decides; null for the rest, left to them.
   */
  private tookBodyTagChar(c: number): ParserEvent[] | null {
    const step = heldBodyTagStep(this.buf, c);
    if (typeof step === 'string') {
      this.buf = step;
      return NO_EVENTS;
    }
    const block = this.block!;
    if (step === FILE_TEXT) {
      this.append(this.buf);
      if (c === LT) {
        this.buf = '<';
        return NO_EVENTS;
      }
      this.append(String.fromCharCode(c));
    } else if (step === BARE_OPEN) {
      block.depth++;
      this.append('<code>');
    } else if (step === CLOSING) {
      if (block.depth > 0) {
        block.depth--;
        this.append('</code>');
      } else if (this.needsLineEnd(block)) {
        // judgeClosingTag's wait: the rest of the line tells whether it closes.
        this.buf = '</code>';
        this.heldBodyTag = false;
        this.heldClosingTag = true;
        return NO_EVENTS;
      } else {
        this.buf = '';
        this.heldBodyTag = false;
        this.closeBlock();
        return this.drain();
      }
    } else {
      return null;
    }
    this.buf = '';
    this.heldBodyTag = false;
    return NO_EVENTS;
  }

  /**
   * One more character of an opening tag being held (tookHeldTag's first case): held, or in response text its
   * '>', which makes it a tag (readCodeTag, whatever its length) that opens a block or is prose (stepInText).
   */
  private tookTagChar(chunk: string): ParserEvent[] | null {
    if (chunk.charCodeAt(0) !== GT) {
      if (this.buf.length + 1 >= MAX_TAG) return null;
      this.buf += chunk;
      return NO_EVENTS;
    }
    if (this.block) return null;
    const text = this.buf + chunk;
    this.buf = '';
    this.heldOpeningTag = false;
    const tag = parseCodeTag(text);
    if (tag.path !== undefined) this.openBlock(tag);
    else this.text(text);
    return this.drain();
  }

  end(): ParserEvent[] {
    if (this.ended) return [];
    this.run(true);
    const truncated = this.block !== null;
    if (this.block) {
      const path = this.block.tag.path!;
      this.error('CODE_BLOCK_TRUNCATED', `The reply ended inside the block for ${path}; it was not applied.`, path);
      this.block = null;
      this.body.clear();
    }
    this.ended = true;
    this.out.push({ type: 'end', truncated });
    return this.drain();
  }

  /** Parses a whole reply at once. */
  static parse(reply: string, options?: ReplyParserOptions): ParserEvent[] {
    const parser = new ReplyParser(options);
    return [...parser.push(reply), ...parser.end()];
  }
}
