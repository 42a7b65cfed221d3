import { isPathErrorCode } from '@studio/contracts';
import { cleanBody, parsePatch } from './block-body.js';
import { BodyText } from './body-text.js';
import { judgeClosingTag } from './closing-tag.js';
import { type CodeTag, MAX_TAG, parseCodeTag } from './code-tag.js';
import type { ParsedChange, ParserErrorCode, ParserEvent } from './events.js';
import {
  CODE_CLOSE,
  CODE_OPEN,
  closingTagLength,
  hasText,
  isOpenClosingTag,
  isStartOf,
  nextCodeTag,
  partialCodeTagTail,
  RESPONSE_CLOSE,
  RESPONSE_OPEN,
  skipSpace,
  startsAt,
  startsCodeTag,
} from './tag-scan.js';
import { isSpace } from './white-space.js';

export interface ReplyParserOptions {
  /** The path rules (libs/files `checkPath`, plugged in by the caller): throws an error whose `code` is a PathErrorCode to refuse. */
  checkPath?: (path: string) => void;
  /** A block's body beyond this is refused, and not kept in memory while the model goes on. */
  maxContentBytes?: number;
}

export interface Block {
  tag: CodeTag;
  /** Nesting of `<code>` elements without a path inside the body (JSX and HTML content). */
  depth: number;
  /** Whether the body has had anything but white space yet (so a `</code>` in it may be file text). */
  hasText: boolean;
  /** Whether the body is wrapped in <![CDATA[ ... ]]>: not known until its first characters arrive. */
  cdata: 'undecided' | 'inside' | 'after' | 'none';
  overflow: boolean;
}

// Returned when a push produced nothing (most single-character pushes): frozen, so no caller can change it.
export const NO_EVENTS = Object.freeze([]) as unknown as ParserEvent[];

const CDATA_OPEN = '<![CDATA[';
const RESPONSE_TAGS = [RESPONSE_OPEN, RESPONSE_CLOSE];

/**
 * The steps of the reply parser's state machine (ReplyParser, in reply-parser.ts, is what callers use): each
 * reads the held-back input `buf` from `pos`, consumes what it can decide and reports whether to go on. They
 * are the whole of the parser's meaning; ReplyParser adds pushes and shortcuts that do what these would, for
 * the common shapes of streamed input, without running them. One class between the two because the state (the
 * buffer, the position, the open block) is read and changed by every step; the pieces that stand alone are out
 * of it (code-tag.ts, block-body.ts, body-text.ts, closing-tag.ts, held-tag.ts, tag-scan.ts, white-space.ts).
 */
export abstract class ReplySteps {
  /** The input held back: from `pos` on while the steps run, all of it between pushes (run() drops what they consumed). */
  protected buf = '';
  protected pos = 0;
  protected block: Block | null = null;
  protected out: ParserEvent[] = [];
  private heldSpace = '';
  private atPartStart = true;
  private emittedText = false;
  /** The body of the open block (one at a time, so one buffer for them all). */
  protected readonly body = new BodyText();
  protected readonly maxContent: number;

  constructor(private readonly options: ReplyParserOptions = {}) {
    this.maxContent = options.maxContentBytes ?? 5 * 1024 * 1024;
  }

  protected drain(): ParserEvent[] {
    if (this.out.length === 0) return NO_EVENTS;
    const events = this.out;
    this.out = [];
    return events;
  }

  protected run(final: boolean) {
    while (this.pos < this.buf.length && (this.block ? this.stepInBlock(final) : this.stepInText(final))) {
      /* each step consumes input (moves `pos`) or reports that it must wait for more */
    }
    if (this.pos > 0) {
      this.buf = this.buf.slice(this.pos);
      this.pos = 0;
    }
  }

  // ---- outside blocks: response text and prose ----

  /** At `<code`: the whole opening tag once its '>' has arrived (consumed), 'wait' for more input, or null if it is not one. */
  protected readCodeTag(final: boolean): { text: string; tag: CodeTag } | 'wait' | null {
    const { buf, pos } = this;
    if (!startsCodeTag(buf, pos)) return null;
    const gt = buf.indexOf('>', pos);
    if (gt === -1) return !final && buf.length - pos < MAX_TAG ? 'wait' : null;
    const text = buf.slice(pos, gt + 1);
    this.pos = gt + 1;
    return { text, tag: parseCodeTag(text) };
  }

  protected stepInText(final: boolean): boolean {
    // Everything before the next '<' is response text.
    const buf = this.buf;
    const lt = buf.indexOf('<', this.pos);
    if (lt === -1) {
      this.text(buf.slice(this.pos));
      this.pos = buf.length;
      return false;
    }
    if (lt > this.pos) {
      this.text(buf.slice(this.pos, lt));
      this.pos = lt;
    }
    for (const tag of RESPONSE_TAGS) {
      if (startsAt(buf, lt, tag)) {
        this.boundary();
        this.pos = lt + tag.length;
        return true;
      }
      if (!final && isStartOf(tag, buf, lt)) return false;
    }
    if (!final && isStartOf(CODE_OPEN, buf, lt)) return false;
    const opening = this.readCodeTag(final);
    if (opening === 'wait') return false;
    if (opening) {
      if (opening.tag.path !== undefined) this.openBlock(opening.tag);
      else this.text(opening.text); // a <code> element without a path is prose
      return true;
    }
    this.text('<');
    this.pos = lt + 1;
    return true;
  }

  /** Emits response text, dropping white space at the start of a part and holding trailing white space back. */
  protected text(s: string) {
    if (!s) return;
    let prefix: string;
    if (this.atPartStart) {
      let start = 0;
      while (start < s.length && isSpace(s.charCodeAt(start))) start++;
      if (start === s.length) return;
      s = start ? s.slice(start) : s;
      prefix = this.emittedText ? '\n\n' : '';
      this.atPartStart = false;
    } else {
      prefix = this.heldSpace;
    }
    let end = s.length;
    while (end > 0 && isSpace(s.charCodeAt(end - 1))) end--;
    const trailing = s.slice(end);
    const core = s.slice(0, end);
    if (!core) {
      this.heldSpace = prefix + trailing;
      return;
    }
    this.heldSpace = trailing;
    this.emittedText = true;
    this.out.push({ type: 'text', text: prefix + core });
  }

  /** A tag ends a part of the response: white space before it is dropped, the next part is separated. */
  protected boundary() {
    this.heldSpace = '';
    this.atPartStart = true;
  }

  // ---- inside a file block ----

  protected openBlock(tag: CodeTag) {
    this.boundary();
    this.block = { tag, depth: 0, hasText: false, cdata: 'undecided', overflow: false };
    this.body.clear();
    if (tag.selfClosing) this.closeBlock();
  }

  protected stepInBlock(final: boolean): boolean {
    const block = this.block!;
    const buf = this.buf;
    if (block.cdata === 'undecided') {
      const from = skipSpace(buf, this.pos);
      if (startsAt(buf, from, CDATA_OPEN)) {
        block.cdata = 'inside';
        this.pos = from + CDATA_OPEN.length;
        return true;
      }
      if (!final && isStartOf(CDATA_OPEN, buf, from)) return false;
      block.cdata = 'none';
    }
    if (block.cdata === 'inside') {
      const end = buf.indexOf(']]>', this.pos);
      if (end === -1) {
        // Keep back what may be the start of ]]>.
        const upTo = buf.length - (final ? 0 : Math.min(2, buf.length - this.pos));
        this.appendRange(this.pos, upTo);
        this.pos = upTo;
        return false;
      }
      this.appendRange(this.pos, end);
      this.pos = end + 3;
      block.cdata = 'after';
      return true;
    }

    // Inside a body only <code and </code matter: skip straight to the next one (JSX is full of other '<').
    const at = nextCodeTag(buf, this.pos);
    if (at === -1) {
      const upTo = buf.length - (final ? 0 : partialCodeTagTail(buf, this.pos));
      this.appendRange(this.pos, upTo);
      this.pos = upTo;
      return false;
    }
    this.appendRange(this.pos, at);
    this.pos = at;
    const closing = closingTagLength(buf, at);
    if (closing) {
      if (block.depth === 0) {
        const verdict = this.needsLineEnd(block) ? judgeClosingTag(buf, at + closing, final) : 'close';
        if (verdict === 'wait') return false;
        if (verdict === 'close') {
          this.pos = at + closing;
          this.closeBlock();
          return true;
        }
      } else {
        block.depth--;
      }
      this.appendRange(at, at + closing);
      this.pos = at + closing;
      return true;
    }
    if (!final && (isOpenClosingTag(buf, at) || isStartOf(CODE_CLOSE, buf, at) || isStartOf(CODE_OPEN, buf, at))) return false;
    const opening = this.readCodeTag(final);
    if (opening === 'wait') return false;
    if (opening) {
      if (opening.tag.path !== undefined) {
        // A new file block: the model never closed this one.
        const path = block.tag.path!;
        this.error('CODE_BLOCK_UNCLOSED', `The block for ${path} was never closed (a new block began); it was not applied.`, path);
        this.block = null;
        this.openBlock(opening.tag);
      } else {
        if (!opening.tag.selfClosing) block.depth++;
        this.appendRange(at, this.pos);
      }
      return true;
    }
    this.appendRange(at, at + 1);
    this.pos = at + 1;
    return true;
  }

  /**
   * Whether a `</code>` must end its line to close this block (judgeClosingTag). Not when the block has no
   * file text for it to be part of: an empty body (`<code path="x" action="delete"></code> and more`), or the
   * text after a CDATA wrapper, which already marked where the file ends.
   */
  protected needsLineEnd(block: Block): boolean {
    return block.cdata !== 'after' && block.hasText;
  }

  protected append(s: string) {
    const block = this.block!;
    if (block.overflow || !s) return;
    if (!block.hasText) block.hasText = hasText(s);
    this.body.add(s);
    this.checkOverflow(block);
  }

  /** Adds the input from `from` to `to` to the body: as a range of `buf`, so that a body read whole is one slice of it. */
  protected appendRange(from: number, to: number) {
    const block = this.block!;
    if (block.overflow || from === to) return;
    if (!block.hasText) block.hasText = hasText(this.buf, from, to);
    this.body.addRange(this.buf, from, to);
    this.checkOverflow(block);
  }

  protected checkOverflow(block: Block) {
    // Characters never outnumber UTF-8 bytes, so this bound is safe to check on the string.
    if (this.body.length > this.maxContent) {
      block.overflow = true;
      this.body.clear();
    }
  }

  protected closeBlock() {
    const block = this.block!;
    this.block = null;
    this.boundary();
    const { tag } = block;
    const path = tag.path!;
    const change = this.toChange(block, path);
    this.body.clear();
    if (change) this.out.push({ type: 'change', change });
  }

  protected toChange(block: Block, path: string): ParsedChange | null {
    const { tag } = block;
    if (!this.pathAllowed(path)) return null;
    // A UTF-16 unit is at most 3 UTF-8 bytes: the bytes are counted only for a body that may be over.
    const body = this.body.toString();
    if (block.overflow || (body.length * 3 > this.maxContent && Buffer.byteLength(body, 'utf8') > this.maxContent)) {
      this.error('CONTENT_TOO_LARGE', `The content for ${path} is over the ${this.maxContent}-byte limit; it was not applied.`, path);
      return null;
    }
    const action = tag.action ?? 'write';
    switch (action) {
      case 'write':
        if (tag.selfClosing) return this.refuse('EMPTY_CODE_BLOCK', `The block for ${path} has no content.`, path);
        return { action: 'write', path, content: cleanBody(body) };
      case 'patch': {
        if (tag.selfClosing) return this.refuse('EMPTY_CODE_BLOCK', `The patch for ${path} has no content.`, path);
        const blocks = parsePatch(cleanBody(body));
        if (!blocks) return this.refuse('PATCH_MALFORMED', `The patch for ${path} has no well-formed SEARCH/REPLACE blocks.`, path);
        return { action: 'patch', path, blocks };
      }
      case 'delete':
        return { action: 'delete', path };
      case 'rename':
        if (!tag.to) return this.refuse('RENAME_WITHOUT_TO', `The rename of ${path} does not say where to (to="...").`, path);
        if (!this.pathAllowed(tag.to)) return null;
        return { action: 'rename', path, to: tag.to };
      case 'insert':
        if (!tag.component) return this.refuse('INSERT_WITHOUT_COMPONENT', `The insert at ${path} does not name a component.`, path);
        return { action: 'insert', path, component: tag.component };
      default:
        return this.refuse('UNKNOWN_ACTION', `Unknown action "${action}" for ${path}.`, path);
    }
  }

  protected pathAllowed(path: string): boolean {
    if (!this.options.checkPath) return true;
    try {
      this.options.checkPath(path);
      return true;
    } catch (err) {
      // A path rule's refusal is reported like any other; anything else is a fault of the caller's check.
      const code = err instanceof Error && 'code' in err ? err.code : undefined;
      if (!(err instanceof Error) || !isPathErrorCode(code)) throw err;
      this.error(code, err.message, path);
      return false;
    }
  }

  protected refuse(code: ParserErrorCode, message: string, path: string): null {
    this.error(code, message, path);
    return null;
  }

  protected error(code: ParserErrorCode, message: string, path?: string) {
    this.out.push({ type: 'error', code, message, ...(path !== undefined ? { path } : {}) });
  }
}
