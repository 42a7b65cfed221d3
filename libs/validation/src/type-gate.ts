import type { RefusedChangeView, TurnWarningView } from '@studio/contracts';
import type { TypeDiagnostic } from '@studio/typecheck';
import type { WorkingTree } from './working-tree.js';

/** The project's type-checker as validation sees it: diagnostics of `paths` and of the files they affect. */
export interface ChangeTypeChecker {
  check(files: ReadonlyMap<string, Buffer>, paths: string[]): TypeDiagnostic[];
}

const CHECKED = /\.(m?[jt]sx?)$/;
const MAX_LISTED = 5;

const keyOf = (d: TypeDiagnostic) => `${d.file}\0${d.code}\0${d.message}`;

/**
 * Decides, for a file about to be written into the working tree, which page-breaking diagnostics the write
 * itself causes: in the file, and in the files it affects (its importers, what it imports). A diagnostic that
 * was already there before the write (same file, code and message) is not the change's fault: a project a
 * person edited by hand may hold errors, and a model's unrelated fix must still land.
 */
export class TypeGate {
  /** Warnings of the latest accepted content of each path (not page-breaking). */
  private readonly warningsByPath = new Map<string, TypeDiagnostic[]>();

  constructor(
    private readonly tree: WorkingTree,
    private readonly checker: ChangeTypeChecker | undefined,
  ) {}

  applies(path: string): boolean {
    return Boolean(this.checker) && CHECKED.test(path);
  }

  /**
   * The new page-breaking diagnostics if `paths` held what the tree holds now, compared with `before` (each
   * path's previous bytes, undefined when it did not exist). The tree is left as it was found.
   */
  newErrors(paths: string[], before: Map<string, Buffer | undefined>): TypeDiagnostic[] {
    const checked = paths.filter((p) => this.applies(p));
    if (!checked.length || !this.checker) return [];
    const after = this.checker.check(this.tree.snapshot(), checked);
    for (const p of checked)
      this.warningsByPath.set(
        p,
        after.filter((d) => d.file === p && !d.breaksPage),
      );
    const breaking = after.filter((d) => d.breaksPage);
    if (!breaking.length) return [];
    // Only on the error path: the same check with the previous contents tells which errors were already there.
    const now = new Map(paths.map((p) => [p, this.tree.bytesOf(p)]));
    this.restore(before);
    let old: TypeDiagnostic[];
    try {
      const existing = checked.filter((p) => before.get(p) !== undefined);
      old = existing.length ? this.checker.check(this.tree.snapshot(), [...new Set([...existing, ...breaking.map((d) => d.file).filter((f) => this.tree.has(f))])]) : [];
    } finally {
      this.restore(now);
    }
    const seen = new Map<string, number>();
    for (const d of old) if (d.breaksPage) seen.set(keyOf(d), (seen.get(keyOf(d)) ?? 0) + 1);
    return breaking.filter((d) => {
      const n = seen.get(keyOf(d)) ?? 0;
      if (n > 0) seen.set(keyOf(d), n - 1);
      return n === 0;
    });
  }

  /** TYPE_WARNING entries for the given (accepted, net) paths. */
  warnings(paths: Iterable<string>): TurnWarningView[] {
    const out: TurnWarningView[] = [];
    for (const p of paths) {
      for (const d of this.warningsByPath.get(p) ?? []) out.push({ code: 'TYPE_WARNING', path: p, line: d.line, column: d.column, message: `TS${d.code}: ${d.message}` });
    }
    return out;
  }

  private restore(contents: Map<string, Buffer | undefined>) {
    for (const [p, bytes] of contents) {
      if (bytes === undefined) this.tree.delete(p);
      else this.tree.write(p, bytes);
    }
  }
}

/** The refusal fields for TYPE_ERROR: the first diagnostic's place, every one (up to five) in the message. */
export function typeRefusal(path: string, errors: TypeDiagnostic[]): Pick<RefusedChangeView, 'message' | 'line' | 'column' | 'tsCode'> {
  const listed = errors.slice(0, MAX_LISTED).map((d) => `${d.file}:${d.line}:${d.column} TS${d.code}: ${d.message}`);
  if (errors.length > MAX_LISTED) listed.push(`...and ${errors.length - MAX_LISTED} more`);
  const own = errors.find((d) => d.file === path) ?? errors[0];
  const intro = errors.every((d) => d.file === path) ? `${path} does not type-check:` : `${path} breaks other files of the page:`;
  return { message: `${intro}\n${listed.join('\n')}`, line: own.line, column: own.column, tsCode: own.code };
}
