import type { SourceLocation } from '@studio/contracts';
import { type Module, parseSync } from '@swc/core';

/** An AST node as a generic walk sees it: SWC's AST is plain JSON, every node an object with a `type`. */
export interface AstNode {
  type: string;
  span?: { start: number; end: number };
  [key: string]: unknown;
}

const SYNTAX: Record<string, { syntax: 'typescript'; tsx: boolean } | { syntax: 'ecmascript'; jsx: boolean }> = {
  tsx: { syntax: 'typescript', tsx: true },
  ts: { syntax: 'typescript', tsx: false },
  jsx: { syntax: 'ecmascript', jsx: true },
  js: { syntax: 'ecmascript', jsx: true },
};

// White space, comments and a `#!` line before the first token: SWC's first item starts after them.
const BEFORE_FIRST_TOKEN = /^(?:#![^\n]*)?(?:\s|\/\/[^\n]*|\/\*[\s\S]*?\*\/)*/;

/**
 * A parsed project file whose nodes can be mapped to character indexes of its text. SWC gives spans as UTF-8
 * byte offsets from a base that grows from one parse to the next (the same parser the validator uses, see
 * libs/validation swc-module.ts); an edit rewrites characters, so every span is mapped back to a UTF-16 index.
 */
export class SourceFile {
  private readonly base: number;
  private readonly charAtByte: Int32Array;
  private readonly lineStarts: number[];

  private constructor(
    readonly path: string,
    readonly content: string,
    readonly module: Module,
  ) {
    this.charAtByte = charIndexes(content);
    const firstToken = BEFORE_FIRST_TOKEN.exec(content)?.[0].length ?? 0;
    this.base = (module.body[0]?.span.start ?? module.span.start) - Buffer.byteLength(content.slice(0, firstToken), 'utf8');
    this.lineStarts = [0];
    for (let i = 0; i < content.length; i++) if (content[i] === '\n') this.lineStarts.push(i + 1);
  }

  /** Null for a file that is not TS/JS with JSX, or that does not parse (the preview could not have run it). */
  static parse(path: string, content: string): SourceFile | null {
    const syntax = SYNTAX[path.slice(path.lastIndexOf('.') + 1).toLowerCase()];
    if (!syntax) return null;
    try {
      return new SourceFile(path, content, parseSync(content, { ...syntax, target: 'es2022', comments: false }));
    } catch {
      return null;
    }
  }

  /** The character index of an SWC byte offset. */
  index(offset: number): number {
    const at = Math.min(Math.max(offset - this.base, 0), this.charAtByte.length - 1);
    // A byte inside a multi-byte character never starts a node; step back to the character's first byte anyway.
    for (let b = at; b >= 0; b--) if (this.charAtByte[b] >= 0) return this.charAtByte[b];
    return 0;
  }

  /** The character range of a node. */
  range(node: AstNode): { start: number; end: number } {
    const span = node.span ?? { start: 0, end: 0 };
    return { start: this.index(span.start), end: this.index(span.end) };
  }

  /** 1-based line of a character index. */
  lineOf(index: number): number {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }

  /**
   * The JSX element whose `<` is at `location` (1-based line, UTF-16 column as the contract says). A column
   * counted in code points is accepted too: the two differ only after an astral character (an emoji) on the line.
   */
  elementAt(location: Pick<SourceLocation, 'line' | 'column'>): AstNode | null {
    const lineStart = this.lineStarts[location.line - 1];
    if (lineStart === undefined) return null;
    let byCodePoint: AstNode | null = null;
    let found: AstNode | null = null;
    walk(this.module, (node) => {
      if (found || node.type !== 'JSXElement') return;
      const start = this.range(node).start;
      if (start < lineStart || this.lineOf(start) !== location.line) return;
      if (start - lineStart + 1 === location.column) found = node;
      else if ([...this.content.slice(lineStart, start)].length + 1 === location.column) byCodePoint ??= node;
    });
    return found ?? byCodePoint;
  }
}

/** For each UTF-8 byte offset of `content`, the UTF-16 index of the character starting there (-1 inside one). */
function charIndexes(content: string): Int32Array {
  const table = new Int32Array(Buffer.byteLength(content, 'utf8') + 1).fill(-1);
  let byte = 0;
  for (let i = 0; i < content.length; i++) {
    table[byte] = i;
    const code = content.codePointAt(i) ?? 0;
    byte += code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
    if (code > 0xffff) i++;
  }
  table[byte] = content.length;
  return table;
}

/** Visits every node depth first, with its parent and the parent's field that holds it. */
export function walk(root: unknown, visit: (node: AstNode, parent: AstNode | null, field: string | null) => void): void {
  const go = (value: unknown, parent: AstNode | null, field: string | null) => {
    if (Array.isArray(value)) {
      for (const child of value) go(child, parent, field);
      return;
    }
    if (!isNode(value)) {
      if (value && typeof value === 'object') for (const [key, child] of Object.entries(value)) if (key !== 'span') go(child, parent, field);
      return;
    }
    visit(value, parent, field);
    for (const [key, child] of Object.entries(value)) if (key !== 'span' && key !== 'ctxt' && child && typeof child === 'object') go(child, value, key);
  };
  go(root, null, null);
}

export const isNode = (value: unknown): value is AstNode => !!value && typeof value === 'object' && 'type' in value && typeof value.type === 'string';

/** A child node of `node` under `field`, when it is one. */
export function child(node: AstNode, field: string): AstNode | null {
  const value = node[field];
  return isNode(value) ? value : null;
}

/** The children under `field` that are nodes (JSX children, attributes). */
export function children(node: AstNode, field: string): AstNode[] {
  const value = node[field];
  return Array.isArray(value) ? value.filter(isNode) : [];
}
