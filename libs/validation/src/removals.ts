import type { RefusedChangeView } from '@studio/contracts';
import { isRelativeSpecifier, resolveRelativeImport } from '@studio/imports';
import type { AcceptedChange } from './accepted-change.js';
import { analyzeSource } from './analysis/source-analysis.js';
import type { RefusalLog } from './refusals.js';
import type { WorkingTree } from './working-tree.js';

const IMPORTERS = /\.(m?[jt]sx?|css)$/;

/** The path a removal took away: a delete's path, a rename's source. */
const goneBy = (a: AcceptedChange) => (a.change.action === 'rename' ? a.change.from : a.change.path);

/**
 * The deletes and renames of the reply, checked once the reply ends: one that leaves a file importing
 * something no longer there is undone (when nothing after it in the reply touched the same paths), and
 * refused with IMPORT_BROKEN naming the importer. Undoing a delete needs the bytes it removed, kept here.
 */
export class Removals {
  private readonly deleted = new Map<AcceptedChange, Buffer>();

  constructor(
    private readonly tree: WorkingTree,
    private readonly accepted: AcceptedChange[],
    private readonly log: RefusalLog,
  ) {}

  /** Applies an accepted delete to the tree, keeping what it removed so it can be undone. */
  delete(path: string): void {
    const accepted: AcceptedChange = { change: { action: 'delete', path }, view: { action: 'delete', path } };
    this.deleted.set(accepted, this.tree.bytesOf(path)!);
    this.tree.delete(path);
    this.accepted.push(accepted);
  }

  /** Applies an accepted rename to the tree. */
  rename(from: string, to: string): void {
    this.tree.rename(from, to);
    this.accepted.push({ change: { action: 'rename', from, path: to }, view: { action: 'rename', path: to, from } });
  }

  undoBreaking(): RefusedChangeView[] {
    const removals = this.accepted.filter((a) => a.change.action !== 'write');
    if (!removals.length) return [];
    const gone = new Set(removals.map(goneBy));
    const refused: RefusedChangeView[] = [];
    for (const importer of this.tree.paths()) {
      if (!IMPORTERS.test(importer)) continue;
      const text = this.tree.text(importer)!;
      for (const ref of analyzeSource(importer, text).imports) {
        if (!isRelativeSpecifier(ref.specifier) || resolveRelativeImport(importer, ref.specifier, this.tree.has)) continue;
        const target = resolveRelativeImport(importer, ref.specifier, (p) => gone.has(p));
        const removal = target && removals.find((a) => goneBy(a) === target);
        if (!removal || !this.undo(removal)) continue;
        gone.delete(target);
        refused.push(this.log.refuse(removal.view, 'IMPORT_BROKEN', `${importer} line ${ref.line} still imports ${target}; it was kept.`));
      }
    }
    return refused;
  }

  private undo(removal: AcceptedChange): boolean {
    const index = this.accepted.indexOf(removal);
    const paths = removal.change.action === 'rename' ? [removal.change.from, removal.change.path] : [removal.change.path];
    if (this.accepted.slice(index + 1).some((a) => paths.includes(a.view.path) || paths.includes(a.view.from ?? ''))) return false;
    this.accepted.splice(index, 1);
    if (removal.change.action === 'rename') this.tree.rename(removal.change.path, removal.change.from);
    else this.tree.write(removal.change.path, this.deleted.get(removal)!);
    return true;
  }
}
