import type { TypeDiagnostic } from '@studio/typecheck';
import type { ChangeTypeChecker } from '../type-gate.js';

/**
 * A type-checker for unit tests of the validation rules: each path asked gets the diagnostics its current
 * content names, `// TS<code>` a page-breaking one and `// warn<code>` a warning, on line 1 column 2;
 * `// TS<code> unless <path>` only while that file does not exist (two files that check only together). The
 * real checker is exercised in change-validator.types.spec.ts.
 */
export class FakeTypeChecker implements ChangeTypeChecker {
  readonly calls: string[][] = [];

  check(files: ReadonlyMap<string, Buffer>, paths: string[]): TypeDiagnostic[] {
    this.calls.push(paths);
    const out: TypeDiagnostic[] = [];
    for (const file of paths) {
      for (const m of (files.get(file) ?? Buffer.alloc(0)).toString().matchAll(/\/\/ (TS|warn)(\d+)(?: unless (\S+))?/g)) {
        if (m[3] && files.has(m[3])) continue;
        out.push({ file, line: 1, column: 2, code: Number(m[2]), message: `m${m[2]}`, breaksPage: m[1] === 'TS' });
      }
    }
    return out;
  }
}
