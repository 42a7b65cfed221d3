import { type Module, parseSync } from '@swc/core';
import { checkCss } from './css.js';
import { findDangerous, findImports } from './js-walk.js';
import { positionsFrom } from './swc-module.js';

export interface SourceIssue {
  code: 'SYNTAX_ERROR' | 'DANGEROUS_CODE' | 'PROTECTED_FILE';
  message: string;
  line?: number;
  column?: number;
}

export interface ImportRef {
  specifier: string;
  line: number;
  kind: 'static' | 'dynamic' | 'reexport' | 'css';
}

export interface SourceAnalysis {
  syntaxError: SourceIssue | null;
  imports: ImportRef[];
  dangerous: SourceIssue[];
}

const NOTHING: SourceAnalysis = { syntaxError: null, imports: [], dangerous: [] };

type JsSyntax = { syntax: 'typescript'; tsx: boolean } | { syntax: 'ecmascript'; jsx: boolean };

function jsSyntaxOf(path: string): JsSyntax | null {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'ts' || ext === 'mts' || ext === 'cts') return { syntax: 'typescript', tsx: false };
  if (ext === 'tsx') return { syntax: 'typescript', tsx: true };
  if (ext === 'js' || ext === 'jsx' || ext === 'mjs' || ext === 'cjs') return { syntax: 'ecmascript', jsx: ext === 'js' || ext === 'jsx' };
  return null;
}

/**
 * One real parse of a file the model wrote (SWC for TS/JS, lightningcss plus a tokenizer for CSS,
 * JSON.parse): whether it is syntactically valid, what it imports, and which dangerous calls it makes. Type
 * errors are not syntax errors: a landing page with a loose type still runs in the preview.
 */
export function analyzeSource(path: string, content: string): SourceAnalysis {
  const lower = path.toLowerCase();
  if (lower.endsWith('.json')) return analyzeJson(path, content);
  if (lower.endsWith('.css')) return checkCss(path, content);
  const syntax = jsSyntaxOf(path);
  if (!syntax) return NOTHING;
  let module: Module;
  try {
    module = parseSync(content, { ...syntax, target: 'es2022', comments: false });
  } catch (err) {
    return { syntaxError: swcError(path, err), imports: [], dangerous: [] };
  }
  const lines = lineIndex(content, module.span.start);
  return { syntaxError: null, imports: findImports(module, lines), dangerous: findDangerous(module, lines, path) };
}

function analyzeJson(path: string, content: string): SourceAnalysis {
  try {
    JSON.parse(content);
    return NOTHING;
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? content.slice(0, Number(at[1])).split('\n').length : undefined;
    return { syntaxError: { code: 'SYNTAX_ERROR', message: `${path}${line ? `:${line}` : ''} invalid JSON: ${message.replace(/^.*?:\s*/, '')}`, line }, imports: [], dangerous: [] };
  }
}

/** SWC reports `x <what>` and a code frame with the line number; keep the first error, without the frame. */
function swcError(path: string, err: unknown): SourceIssue {
  const text = String((err as Error)?.message ?? err);
  const what = /x (.+)/.exec(text)?.[1]?.trim() ?? 'syntax error';
  const frame = /^\s*(\d+) \|.*\n\s*:(\s*)\^/m.exec(text);
  const lineMatch = frame ?? /^\s*(\d+) \|/m.exec(text);
  const line = lineMatch ? Number(lineMatch[1]) : undefined;
  const column = frame ? frame[2].length - frame[1].length - 1 : undefined;
  return { code: 'SYNTAX_ERROR', message: `${path}:${line ?? '?'}${column !== undefined && column > 0 ? `:${column}` : ''} ${what}`, line, ...(column !== undefined && column > 0 ? { column } : {}) };
}

/**
 * Maps SWC's byte offsets (they keep growing across parse calls; `base` is this module's start) to 1-based
 * lines. Offsets are UTF-8 bytes, so the map is built over the encoded text.
 */
export function lineIndex(content: string, base: number): (offset: number) => number {
  const position = positionsFrom(content, base);
  return (offset) => position(offset).line;
}
