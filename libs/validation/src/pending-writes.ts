import { isRelativeSpecifier, resolveRelativeImport } from '@studio/imports';
import type { TypeDiagnostic } from '@studio/typecheck';
import { type AcceptedChange, acceptedWrite, type WriteAction } from './accepted-change.js';
import { analyzeSource, type ImportRef } from './analysis/source-analysis.js';
import type { TypeGate } from './type-gate.js';
import type { WorkingTree } from './working-tree.js';

/** A write that cannot land yet: imports that do not resolve, or type errors a later change may fix. */
export interface PendingWrite {
  content: Buffer;
  action: WriteAction;
  unresolved: ImportRef[];
  typeErrors: TypeDiagnostic[];
  /** accepted.length when its type errors were last computed: retried only after something new landed. */
  triedAt: number;
}

/**
 * The writes of the reply that wait, and the rules that let them land: a write lands in the working tree only
 * when its relative imports resolve and it type-checks there (it and the files it affects); each landing may
 * release others that waited on it. Accepted writes are appended to the validator's `accepted` list.
 */
export class PendingWrites {
  private readonly waiting = new Map<string, PendingWrite>();

  constructor(
    private readonly tree: WorkingTree,
    private readonly types: TypeGate,
    private readonly accepted: AcceptedChange[],
  ) {}

  get(path: string): PendingWrite | undefined {
    return this.waiting.get(path);
  }

  delete(path: string): void {
    this.waiting.delete(path);
  }

  /** The writes still waiting, in the order they were first held (a copy: safe to delete while iterating). */
  entries(): [string, PendingWrite][] {
    return [...this.waiting];
  }

  /** Holds a write until the files its relative imports name exist. */
  waitForImports(path: string, content: Buffer, action: WriteAction, unresolved: ImportRef[]): void {
    this.waiting.set(path, { content, action, unresolved, typeErrors: [], triedAt: this.accepted.length });
  }

  /** A write whose imports resolve: it lands if it type-checks (and may release others), or waits with its errors. */
  offer(path: string, content: Buffer, action: WriteAction): void {
    if (this.tryAccept(path, content, action)) this.release();
  }

  /**
   * Writes the file into the working tree if it type-checks there (it and the files it affects); otherwise
   * it waits with its errors, and the tree is left as it was.
   */
  private tryAccept(path: string, content: Buffer, action: WriteAction): boolean {
    const previous = this.tree.bytesOf(path);
    this.tree.write(path, content);
    const errors = this.types.newErrors([path], new Map([[path, previous]]));
    if (errors.length) {
      if (previous === undefined) this.tree.delete(path);
      else this.tree.write(path, previous);
      this.waiting.set(path, { content, action, unresolved: [], typeErrors: errors, triedAt: this.accepted.length });
      return false;
    }
    this.waiting.delete(path);
    this.accepted.push(acceptedWrite(path, content));
    return true;
  }

  /** Accepts waiting writes whose imports now resolve and that now type-check, until none more do. */
  release(): void {
    let released = true;
    while (released) {
      released = false;
      for (const [path, p] of [...this.waiting]) {
        const still = p.unresolved.filter((ref) => !resolveRelativeImport(path, ref.specifier, (q) => q === path || this.tree.has(q)));
        p.unresolved = still;
        if (still.length) continue;
        // Type errors are worth another check only when something new landed since the last one.
        if (p.typeErrors.length && p.triedAt === this.accepted.length) continue;
        if (this.tryAccept(path, p.content, p.action)) released = true;
      }
    }
  }

  /**
   * Writes that wait only on type errors are tried as one group (a component and the page that renders it
   * with its new props type-check only together); files still broken in the group are dropped from it until
   * the rest checks clean, or nothing is left.
   */
  acceptTogether(): void {
    let group = [...this.waiting].filter(([, p]) => !p.unresolved.length && p.typeErrors.length);
    for (let round = 0; group.length > 1 && round < 3; round++) {
      const before = new Map(group.map(([path]) => [path, this.tree.bytesOf(path)]));
      for (const [path, p] of group) this.tree.write(path, p.content);
      const errors = this.types.newErrors(
        group.map(([path]) => path),
        before,
      );
      if (!errors.length) {
        for (const [path, p] of group) {
          this.waiting.delete(path);
          this.accepted.push(acceptedWrite(path, p.content));
        }
        this.release();
        return;
      }
      for (const [path, bytes] of before) {
        if (bytes === undefined) this.tree.delete(path);
        else this.tree.write(path, bytes);
      }
      const broken = new Set(errors.map((d) => d.file));
      const next = group.filter(([path]) => !broken.has(path));
      // Errors only in files outside the group: no way to tell which member caused them; stop here.
      if (next.length === group.length) return;
      for (const [path, p] of group) if (broken.has(path)) p.typeErrors = errors.filter((d) => d.file === path);
      group = next;
    }
  }
}

/** The refused change (path) a waiting write depends on: an import of it, unresolved or with type errors. */
export function knockedOutBy(path: string, p: PendingWrite, refused: ReadonlySet<string>): string | undefined {
  for (const ref of p.unresolved) {
    const target = resolveRelativeImport(path, ref.specifier, (q) => refused.has(q));
    if (target) return target;
  }
  if (!p.typeErrors.length) return undefined;
  const imports = analyzeSource(path, p.content.toString('utf8')).imports.filter((i) => isRelativeSpecifier(i.specifier));
  for (const ref of imports) {
    const target = resolveRelativeImport(path, ref.specifier, (q) => refused.has(q));
    if (target && target !== path) return target;
  }
  return undefined;
}
