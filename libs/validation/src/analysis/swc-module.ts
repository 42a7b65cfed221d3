import { type Module, parseSync } from '@swc/core';

/** An AST node as the generic walk sees it: SWC's AST is plain JSON, every node an object with a `type`. */
export type AstNode = { type: string; span?: { start: number; end: number }; [key: string]: unknown };

export interface ParsedModule {
  module: Module;
  /** 1-based line and column (in characters) of an SWC span offset. */
  position(offset: number): { line: number; column: number };
}

const SYNTAX: Record<string, { syntax: 'typescript'; tsx: boolean } | { syntax: 'ecmascript'; jsx: boolean }> = {
  ts: { syntax: 'typescript', tsx: false },
  mts: { syntax: 'typescript', tsx: false },
  tsx: { syntax: 'typescript', tsx: true },
  js: { syntax: 'ecmascript', jsx: true },
  jsx: { syntax: 'ecmascript', jsx: true },
  mjs: { syntax: 'ecmascript', jsx: false },
};

/**
 * Parses a TS/JS file for the warning rules, with positions mapped back to lines and columns. Null for other
 * files and for a file that does not parse: syntax is the validator's to report, a warning rule stays quiet.
 */
export function parseModule(path: string, content: string): ParsedModule | null {
  const syntax = SYNTAX[path.slice(path.lastIndexOf('.') + 1).toLowerCase()];
  if (!syntax) return null;
  let module: Module;
  try {
    module = parseSync(content, { ...syntax, target: 'es2022', comments: false });
  } catch {
    return null;
  }
  // The module's own span starts at a `#!` line when there is one; its first item starts at its first token.
  return { module, position: positions(content, module.body[0]?.span.start ?? module.span.start) };
}

/**
 * SWC offsets are UTF-8 byte positions from a base that depends on the SWC version (1, or growing from one
 * parse to the next). `firstTokenAt` is the offset SWC gives the first token, so the base is that less the
 * first token's byte offset in the text.
 */
function positions(content: string, firstTokenAt: number): ParsedModule['position'] {
  return positionsFrom(content, firstTokenAt - Buffer.byteLength(content.slice(0, firstToken(content)), 'utf8'));
}

/** SWC's byte offsets from `base` (this module's start) → 1-based line and UTF-16 column in `content`. */
export function positionsFrom(content: string, base: number): ParsedModule['position'] {
  const bytes = Buffer.from(content, 'utf8');
  const starts = [0];
  for (let i = 0; i < bytes.length; i++) if (bytes[i] === 10) starts.push(i + 1);
  return (offset) => {
    const at = Math.min(Math.max(offset - base, 0), bytes.length);
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= at) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: bytes.toString('utf8', starts[lo], at).length + 1 };
  };
}

/** Index of the first character that is not white space, a comment or a `#!` line. */
function firstToken(s: string): number {
  let i = s.startsWith('#!') ? s.indexOf('\n') : 0;
  if (i < 0) return s.length;
  while (i < s.length) {
    if (/\s|\uFEFF/.test(s[i])) i++;
    else if (s.startsWith('//', i)) i = s.indexOf('\n', i) < 0 ? s.length : s.indexOf('\n', i);
    else if (s.startsWith('/*', i)) i = s.indexOf('*/', i + 2) < 0 ? s.length : s.indexOf('*/', i + 2) + 2;
    else break;
  }
  return i;
}

/** Visits every node depth first, with the chain of nodes above it (nearest last). */
export function walkAst(root: unknown, visit: (node: AstNode, ancestors: readonly AstNode[]) => void): void {
  const ancestors: AstNode[] = [];
  const go = (value: unknown) => {
    if (Array.isArray(value)) {
      for (const child of value) go(child);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as AstNode;
    const isNode = typeof node.type === 'string';
    if (isNode) {
      visit(node, ancestors);
      ancestors.push(node);
    }
    for (const key in node) {
      if (key === 'span' || key === 'ctxt') continue;
      const child = node[key];
      if (child && typeof child === 'object') go(child);
    }
    if (isNode) ancestors.pop();
  };
  go(root);
}
