import { isPathErrorCode } from '@studio/contracts';
import { cleanBody, parsePatch } from './block-body.js';
import { judgeClosingTag } from './closing-tag.js';
import { type CodeTag, MAX_TAG, parseCodeTag } from './code-tag.js';
import type { ParsedChange, ParserErrorCode, ParserEvent } from './events.js';
import { isSpace } from './white-space.js';

export interface ReplyParserOptions {
  /** The path rules (libs/files `checkPath`, plugged in by the caller): throws an error whose `code` is a PathErrorCode to refuse. */
  checkPath?: (path: string) => void;
  /** A block's body beyond this is refused, and not kept in memory while the model goes on. */
  maxContentBytes?: number;
}

interface Block {
  tag: CodeTag;
  body: string;
  /** Nesting of `<code>` elements without a path inside the body (JSX and HTML content). */
  depth: number;
  /** Whether the body has had anything but white space yet (so a `</code>` in it may be file text). */
  hasText: boolean;
  /** Whether the body is wrapped in <![CDATA[ ... ]]>: not known until its first characters arrive. */
  cdata: 'undecided' | 'inside' | 'after' | 'none';
  overflow: boolean;
}

// Returned when a push produced nothing (most single-character pushes): frozen, so no caller can change it.
/** Where the next `<code` or `</code` starts, or -1. */
function nextCodeTag(buf: string): number {
  const open = buf.indexOf('<code');
  const close = buf.indexOf('</code');
  return open === -1 ? close : close === -1 ? open : Math.min(open, close);
}

/** Length of the longest end of `buf` that may still grow into `<code` or `</code`. */
function partialCodeTagTail(buf: string): number {
  for (let k = Math.min(5, buf.length); k > 0; k--) {
    const tail = buf.slice(buf.length - k);
    if ('</code'.startsWith(tail) || '<code'.startsWith(tail)) return k;
  }
  return 0;
}

const NO_EVENTS = Object.freeze([]) as unknown as ParserEvent[];

/** Whether `s` has a character that is not white space. */
function hasText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isSpace(s.charCodeAt(i))) return true;
  return false;
}

const CDATA_OPEN = '<![CDATA[';

/**
 * The incremental parser of docs/OUTPUT_FORMAT.md. Feed it chunks of any size (one character at a time gives the
 * same events as the whole reply); it emits response text as soon as it cannot be part of a tag, a change as
 * each `</code>` closes, errors for blocks it refuses, and `end`. It only ever holds back the few characters
 * that might still become a tag, a `</code>` until the rest of its line tells whether it closes, plus the
 * body of the block being read.
 *
 * Why one class of ~320 lines: it is one state machine (the buffer, the open block and the position are read
 * and changed by every step), and the pieces that stand alone are already out of it (code-tag.ts, block-body.ts,
 * closing-tag.ts, white-space.ts). Splitting the steps further would pass that state around in every call.
 */
export class ReplyParser {
  private buf = '';
  private block: Block | null = null;
  private out: ParserEvent[] = [];
  private heldSpace = '';
  private atPartStart = true;
  private emittedText = false;
  private ended = false;
  private readonly maxContent: number;

  constructor(private readonly options: ReplyParserOptions = {}) {
    this.maxContent = options.maxContentBytes ?? 5 * 1024 * 1024;
  }

  push(chunk: string): ParserEvent[] {
    if (this.ended) throw new Error('ReplyParser: push after end');
    // Fast path for the common case of streaming: nothing held back and no tag in sight.
    if (this.buf.length === 0 && chunk.indexOf('<') === -1 && chunk.indexOf(']') === -1) {
      if (!this.block) this.text(chunk);
      else if (this.block.cdata === 'none' || this.block.cdata === 'after') this.append(chunk);
      else this.buf = chunk;
      if (!this.block || this.block.cdata === 'none' || this.block.cdata === 'after') return this.drain();
      this.run(false);
      return this.drain();
    }
    this.buf += chunk;
    this.run(false);
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

  private drain(): ParserEvent[] {
    if (this.out.length === 0) return NO_EVENTS;
    const events = this.out;
    this.out = [];
    return events;
  }

  private run(final: boolean) {
    while (this.buf.length > 0 && (this.block ? this.stepInBlock(final) : this.stepInText(final))) {
      /* each step consumes input or reports that it must wait for more */
    }
  }

  // ---- outside blocks: response text and prose ----

  /** Sends everything before the next '<' to `sink`; false when there is no '<' (all input went). */
  private upToTag(sink: (s: string) => void): boolean {
    const lt = this.buf.indexOf('<');
    if (lt === -1) {
      sink(this.buf);
      this.buf = '';
      return false;
    }
    if (lt > 0) {
      sink(this.buf.slice(0, lt));
      this.buf = this.buf.slice(lt);
    }
    return true;
  }

  /** At `<code`: the whole opening tag once its '>' has arrived (consumed), 'wait' for more input, or null if it is not one. */
  private readCodeTag(final: boolean): { text: string; tag: CodeTag } | 'wait' | null {
    const buf = this.buf;
    if (!buf.startsWith('<code') || !/[\s/>]/.test(buf.charAt(5))) return null;
    const gt = buf.indexOf('>');
    if (gt === -1) return !final && buf.length < MAX_TAG ? 'wait' : null;
    const text = buf.slice(0, gt + 1);
    this.buf = buf.slice(gt + 1);
    return { text, tag: parseCodeTag(text) };
  }

  private stepInText(final: boolean): boolean {
    if (!this.upToTag((s) => this.text(s))) return false;
    const buf = this.buf;
    for (const tag of ['<response>', '</response>']) {
      if (buf.startsWith(tag)) {
        this.boundary();
        this.buf = buf.slice(tag.length);
        return true;
      }
      if (!final && tag.startsWith(buf)) return false;
    }
    if (!final && '<code'.startsWith(buf)) return false;
    const opening = this.readCodeTag(final);
    if (opening === 'wait') return false;
    if (opening) {
      if (opening.tag.path !== undefined) this.openBlock(opening.tag);
      else this.text(opening.text); // a <code> element without a path is prose
      return true;
    }
    this.text('<');
    this.buf = buf.slice(1);
    return true;
  }

  /** Emits response text, dropping white space at the start of a part and holding trailing white space back. */
  private text(s: string) {
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
  private boundary() {
    this.heldSpace = '';
    this.atPartStart = true;
  }

  // ---- inside a file block ----

  private openBlock(tag: CodeTag) {
    this.boundary();
    this.block = { tag, body: '', depth: 0, hasText: false, cdata: 'undecided', overflow: false };
    if (tag.selfClosing) this.closeBlock();
  }

  private stepInBlock(final: boolean): boolean {
    const block = this.block!;
    if (block.cdata === 'undecided') {
      const rest = this.buf.replace(/^\s+/, '');
      if (rest.startsWith(CDATA_OPEN)) {
        block.cdata = 'inside';
        this.buf = rest.slice(CDATA_OPEN.length);
        return true;
      }
      if (!final && CDATA_OPEN.startsWith(rest)) return false;
      block.cdata = 'none';
    }
    if (block.cdata === 'inside') {
      const end = this.buf.indexOf(']]>');
      if (end === -1) {
        // Keep back what may be the start of ]]>.
        const keep = final ? 0 : Math.min(2, this.buf.length);
        this.append(this.buf.slice(0, this.buf.length - keep));
        this.buf = this.buf.slice(this.buf.length - keep);
        return false;
      }
      this.append(this.buf.slice(0, end));
      this.buf = this.buf.slice(end + 3);
      block.cdata = 'after';
      return true;
    }

    // Inside a body only <code and </code matter: skip straight to the next one (JSX is full of other '<').
    const next = nextCodeTag(this.buf);
    if (next === -1) {
      const keep = final ? 0 : partialCodeTagTail(this.buf);
      this.append(this.buf.slice(0, this.buf.length - keep));
      this.buf = this.buf.slice(this.buf.length - keep);
      return false;
    }
    if (next > 0) {
      this.append(this.buf.slice(0, next));
      this.buf = this.buf.slice(next);
    }
    const buf = this.buf;
    const closing = /^<\/code\s*>/.exec(buf);
    if (closing) {
      const tag = closing[0];
      if (block.depth === 0) {
        const verdict = this.needsLineEnd(block) ? judgeClosingTag(buf, tag.length, final) : 'close';
        if (verdict === 'wait') return false;
        if (verdict === 'close') {
          this.buf = buf.slice(tag.length);
          this.closeBlock();
          return true;
        }
      } else {
        block.depth--;
      }
      this.buf = buf.slice(tag.length);
      this.append(tag);
      return true;
    }
    if (!final && (/^<\/code\s*$/.test(buf) || '</code'.startsWith(buf) || '<code'.startsWith(buf))) return false;
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
        this.append(opening.text);
      }
      return true;
    }
    this.append('<');
    this.buf = buf.slice(1);
    return true;
  }

  /**
   * Whether a `</code>` must end its line to close this block (judgeClosingTag). Not when the block has no
   * file text for it to be part of: an empty body (`<code path="x" action="delete"></code> and more`), or the
   * text after a CDATA wrapper, which already marked where the file ends.
   */
  private needsLineEnd(block: Block): boolean {
    return block.cdata !== 'after' && block.hasText;
  }

  private append(s: string) {
    const block = this.block!;
    if (block.overflow || !s) return;
    if (!block.hasText) block.hasText = hasText(s);
    block.body += s;
    // Characters never outnumber UTF-8 bytes, so this bound is safe to check on the string.
    if (block.body.length > this.maxContent) {
      block.overflow = true;
      block.body = '';
    }
  }

  private closeBlock() {
    const block = this.block!;
    this.block = null;
    this.boundary();
    const { tag } = block;
    const path = tag.path!;
    const change = this.toChange(block, path);
    if (change) this.out.push({ type: 'change', change });
  }

  private toChange(block: Block, path: string): ParsedChange | null {
    const { tag } = block;
    if (!this.pathAllowed(path)) return null;
    if (block.overflow || Buffer.byteLength(block.body, 'utf8') > this.maxContent) {
      this.error('CONTENT_TOO_LARGE', `The content for ${path} is over the ${this.maxContent}-byte limit; it was not applied.`, path);
      return null;
    }
    const action = tag.action ?? 'write';
    switch (action) {
      case 'write':
        if (tag.selfClosing) return this.refuse('EMPTY_CODE_BLOCK', `The block for ${path} has no content.`, path);
        return { action: 'write', path, content: cleanBody(block.body) };
      case 'patch': {
        if (tag.selfClosing) return this.refuse('EMPTY_CODE_BLOCK', `The patch for ${path} has no content.`, path);
        const blocks = parsePatch(cleanBody(block.body));
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

  private pathAllowed(path: string): boolean {
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

  private refuse(code: ParserErrorCode, message: string, path: string): null {
    this.error(code, message, path);
    return null;
  }

  private error(code: ParserErrorCode, message: string, path?: string) {
    this.out.push({ type: 'error', code, message, ...(path !== undefined ? { path } : {}) });
  }
}
