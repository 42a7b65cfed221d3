import { resolve } from 'node:path';
import { TypeChecker } from '@studio/typecheck';

export interface TypeDiagnostic {
  path: string;
  line: number;
  column: number;
  code: number;
  text: string;
}

export const formatDiagnostic = (d: TypeDiagnostic) => `${d.path}:${d.line}:${d.column} TS${d.code} ${d.text}`;

/**
 * Type-checks a project held in memory (path → text) with the product's own checker (libs/typecheck: the same
 * compiler, options and preview-image types a turn is checked with), every source file of it.
 */
export class ProjectTypeChecker {
  private readonly checker = new TypeChecker({ typesRoot: resolve('docker/preview') });
  private n = 0;

  check(files: ReadonlyMap<string, string>): TypeDiagnostic[] {
    const key = `corpus-${this.n++}`;
    const sources = [...files.keys()].filter((p) => /^src\/.*\.tsx?$/.test(p));
    try {
      return this.checker.check(key, files, sources).diagnostics.map((d) => ({ path: d.file, line: d.line, column: d.column, code: d.code, text: d.message }));
    } finally {
      this.checker.dispose(key);
    }
  }

  dispose(): void {
    this.checker.dispose();
  }
}
