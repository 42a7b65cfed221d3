import type { Diagnostic } from 'typescript/unstable/sync';

export interface TypeDiagnostic {
  /** Project-relative path, e.g. 'src/App.tsx'. */
  file: string;
  /** 1-based, in the file as written. */
  line: number;
  /** 1-based, in UTF-16 code units (as editors and the model count characters). */
  column: number;
  /** TypeScript's code, e.g. 2305. */
  code: number;
  /** The message with its chained details, one per line, indented by depth. */
  message: string;
  /** true: the page would break at run time (refuse the change); false: a warning. */
  breaksPage: boolean;
}

/** The message text with its chain, as `tsc` prints it. */
export function flattenMessage(diagnostic: Pick<Diagnostic, 'text' | 'messageChain'>, depth = 0): string {
  const own = `${'  '.repeat(depth)}${diagnostic.text}`;
  const chain = (diagnostic.messageChain ?? []).map((d) => flattenMessage(d, depth + 1));
  return [own, ...chain].join('\n');
}

/** 1-based line and column of a UTF-16 offset in `text`. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
