import { transform } from 'lightningcss';
import type { ImportRef, SourceAnalysis } from './source-analysis.js';

/**
 * CSS is forgiving by specification (an unclosed block ends at the end of the file), so a parser alone
 * accepts what a person would call broken. A small tokenizer catches what the model actually gets wrong:
 * unbalanced braces, an unclosed comment, a string cut by a newline; lightningcss then parses the rest.
 * Tailwind's at-rules (@theme, @apply, @utility, @custom-variant, @source...) are valid here.
 */
export function checkCss(path: string, content: string): SourceAnalysis {
  const structural = scan(content);
  if (structural) return { syntaxError: { code: 'SYNTAX_ERROR', message: `${path}:${structural.line} ${structural.what}`, line: structural.line }, imports: [], dangerous: [] };
  try {
    transform({ filename: path, code: Buffer.from(content), errorRecovery: false });
  } catch (err) {
    const e = err as { message?: string; loc?: { line: number; column: number } };
    const line = e.loc?.line;
    return { syntaxError: { code: 'SYNTAX_ERROR', message: `${path}:${line ?? '?'} ${e.message ?? 'invalid CSS'}`, line }, imports: [], dangerous: [] };
  }
  return { syntaxError: null, imports: cssImports(content), dangerous: [] };
}

function scan(css: string): { line: number; what: string } | null {
  let line = 1;
  const open: number[] = [];
  for (let i = 0; i < css.length; i++) {
    const c = css[i];
    if (c === '\n') line++;
    else if (c === '/' && css[i + 1] === '*') {
      const end = css.indexOf('*/', i + 2);
      if (end === -1) return { line, what: 'a comment is never closed (missing */)' };
      line += countNewlines(css, i, end);
      i = end + 1;
    } else if (c === '"' || c === "'") {
      const start = line;
      for (i++; i < css.length && css[i] !== c; i++) {
        if (css[i] === '\\') i++;
        else if (css[i] === '\n') return { line: start, what: 'a string is not closed before the end of the line' };
      }
      if (i >= css.length) return { line: start, what: 'a string is never closed' };
    } else if (c === '{') open.push(line);
    else if (c === '}') {
      if (!open.pop()) return { line, what: "a '}' closes nothing" };
    }
  }
  if (open.length) return { line: open[open.length - 1], what: "a '{' is never closed (missing })" };
  return null;
}

const countNewlines = (s: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) if (s[i] === '\n') n++;
  return n;
};

/** `@import "x"` and `@import url(x)`; `url()` inside declarations is an asset, not an import. */
function cssImports(css: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, ' '));
  const re = /@import\s+(?:url\(\s*)?(["']?)([^"')\s;]+)\1/g;
  for (let m = re.exec(withoutComments); m; m = re.exec(withoutComments)) {
    refs.push({ specifier: m[2], line: withoutComments.slice(0, m.index).split('\n').length, kind: 'css' });
  }
  return refs;
}
