import type { ErrorCode, FileChangeView, RefusedChangeView } from '@studio/contracts';
import type { FileChange, FileLimits } from '@studio/files';
import { applyPatch, type ParsedChange } from '@studio/llm';
import type { ComponentLibrary } from '@studio/catalog';
import { analyzeSource, checkProtected, type ImportRef, packageNameOf, resolveRelativeImport } from './analysis/source-analysis.js';
import type { WorkingTree } from './working-tree.js';

export interface AcceptedChange {
  change: FileChange;
  view: FileChangeView;
}

export interface ValidationOutcome {
  accepted: AcceptedChange[];
  refused: RefusedChangeView[];
}

/** Refusals the model can fix in a repair round, given the errors and the current file. */
export const REPAIRABLE: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  'SYNTAX_ERROR',
  'IMPORT_UNRESOLVED',
  'IMPORT_NOT_AVAILABLE',
  'DANGEROUS_CODE',
  'PATCH_NO_MATCH',
  'PATCH_AMBIGUOUS',
  'PATCH_EMPTY_SEARCH',
  // The message names the closest ids, so the model can pick a real one.
  'COMPONENT_NOT_FOUND',
]);

interface PendingWrite {
  content: Buffer;
  unresolved: ImportRef[];
}

class Refused extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly line?: number,
    readonly suggestions?: string[],
  ) {
    super(message);
  }
}

const viewOf = (c: ParsedChange): FileChangeView => (c.action === 'rename' ? { action: 'rename', path: c.to, from: c.path } : { action: c.action === 'delete' ? 'delete' : 'write', path: c.path });

/**
 * Checks each change the model writes, as its `</code>` closes, against the project as it will be
 * (ARCHITECTURE.md "Validation before anything is applied"): protected files, sizes and limits, a real
 * parse of the code, dangerous patterns, bare imports against the preview image's packages, relative imports
 * against the working tree. A write whose relative imports do not resolve yet waits: the model may create
 * the imported file later in the same reply. `finish` refuses what still waits and any delete or rename that
 * would break a file that imports it.
 */
export class ChangeValidator {
  readonly accepted: AcceptedChange[] = [];
  private readonly refusals: RefusedChangeView[] = [];
  private readonly pending = new Map<string, PendingWrite>();
  // What each accepted delete removed, so a delete that breaks an importer can be undone.
  private readonly deleted = new Map<AcceptedChange, Buffer>();

  constructor(
    private readonly tree: WorkingTree,
    private readonly options: { packages: ReadonlySet<string>; limits: FileLimits; components: Pick<ComponentLibrary, 'source' | 'suggest'> },
  ) {}

  /**
   * What the reply does, net: a write superseded by a later write of the same path (an insert then its
   * patch, a file written twice) is left out, so the version lists each path once.
   */
  get net(): AcceptedChange[] {
    const touches = (c: FileChange, path: string) => c.path === path || (c.action === 'rename' && c.from === path);
    return this.accepted.filter((a, i) => {
      if (a.change.action !== 'write') return true;
      const next = this.accepted.slice(i + 1).find((later) => touches(later.change, a.change.path));
      return next?.change.action !== 'write';
    });
  }

  /**
   * Refusals still standing, one per path (the latest: a repair round that is refused again replaces the
   * first refusal); one the model later fixed (an accepted change to the same path) is dropped.
   */
  get refused(): RefusedChangeView[] {
    const fixedAt = new Map<string, number>();
    this.accepted.forEach((a, i) => fixedAt.set(a.view.path, i));
    const latest = new Map<string, RefusedChangeView & { at?: number }>();
    for (const r of this.refusals as (RefusedChangeView & { at?: number })[]) {
      latest.delete(r.path); // re-inserted last, so the report keeps the order refusals were last made in
      latest.set(r.path, r);
    }
    return [...latest.values()].filter((r) => !fixedAt.has(r.path) || r.at! > fixedAt.get(r.path)!).map(({ at: _at, ...r }) => r);
  }

  /** Refuses a change the parser already rejected (a truncated block, a bad path...). */
  refuse(view: FileChangeView, code: ErrorCode, message: string, extra: { line?: number; suggestions?: string[] } = {}): ValidationOutcome {
    const refusal: RefusedChangeView = { ...view, code, message };
    if (extra.line !== undefined) refusal.line = extra.line;
    if (extra.suggestions !== undefined) refusal.suggestions = extra.suggestions;
    this.record(refusal);
    return { accepted: [], refused: [refusal] };
  }

  check(parsed: ParsedChange): ValidationOutcome {
    const view = viewOf(parsed);
    try {
      const before = this.accepted.length;
      this.apply(parsed);
      return { accepted: this.accepted.slice(before), refused: [] };
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      return this.refuse(view, err.code, err.message, { line: err.line, suggestions: err.suggestions });
    }
  }

  /** End of the reply: waiting writes are refused, and deletes or renames that break an importer are undone. */
  finish(): ValidationOutcome {
    const refused: RefusedChangeView[] = [];
    for (const [path, p] of this.pending) {
      const list = p.unresolved.map((i) => `'${i.specifier}' (line ${i.line})`).join(', ');
      refused.push(...this.refuse({ action: 'write', path }, 'IMPORT_UNRESOLVED', `${path} imports ${list}, which is not in the project.`).refused);
    }
    this.pending.clear();
    refused.push(...this.undoBreakingRemovals());
    return { accepted: [], refused };
  }

  private apply(c: ParsedChange) {
    switch (c.action) {
      case 'write':
        return this.write(c.path, c.content);
      case 'patch': {
        const current = this.tree.text(c.path);
        if (current === undefined) throw new Refused('FILE_NOT_FOUND', `${c.path} does not exist, so it cannot be patched; write the whole file instead.`);
        const result = applyPatch(current, c.blocks);
        if (!result.ok) throw new Refused(result.code as ErrorCode, `${c.path}: ${result.message}`);
        return this.write(c.path, result.content);
      }
      case 'insert': {
        const source = this.options.components.source(c.component);
        if (source === null) {
          const close = this.options.components.suggest(c.component);
          const hint = close.length ? `; did you mean ${close.join(', ')}?` : '; the catalog in your instructions lists the ids.';
          throw new Refused('COMPONENT_NOT_FOUND', `There is no component "${c.component}" in the library${hint}`, undefined, close);
        }
        return this.write(c.path, source);
      }
      case 'delete': {
        this.guard({ action: 'delete', path: c.path });
        if (!this.tree.has(c.path)) throw new Refused('FILE_NOT_FOUND', `${c.path} does not exist.`);
        const accepted: AcceptedChange = { change: { action: 'delete', path: c.path }, view: { action: 'delete', path: c.path } };
        this.deleted.set(accepted, this.tree.bytesOf(c.path)!);
        this.pending.delete(c.path);
        this.tree.delete(c.path);
        this.accepted.push(accepted);
        return;
      }
      case 'rename': {
        this.guard({ action: 'rename', path: c.to, from: c.path });
        if (!this.tree.has(c.path)) throw new Refused('FILE_NOT_FOUND', `${c.path} does not exist, so it cannot be renamed.`);
        if (this.tree.has(c.to)) throw new Refused('PATH_EXISTS', `${c.to} already exists.`);
        this.tree.rename(c.path, c.to);
        this.accepted.push({ change: { action: 'rename', from: c.path, path: c.to }, view: { action: 'rename', path: c.to, from: c.path } });
        return this.releasePending();
      }
    }
  }

  private write(path: string, text: string) {
    const content = Buffer.from(text, 'utf8');
    const { limits } = this.options;
    this.guard({ action: 'write', path, content: text });
    if (content.length > limits.maxFileBytes) throw new Refused('FILE_TOO_LARGE', `${path} is ${content.length} bytes; the limit is ${limits.maxFileBytes}.`);
    if (!this.tree.has(path) && this.tree.count + 1 > limits.maxFiles) throw new Refused('PROJECT_TOO_MANY_FILES', `The project would have more than ${limits.maxFiles} files.`);
    if (this.tree.bytesAfterWrite(path, content.length) > limits.maxProjectBytes) throw new Refused('PROJECT_TOO_LARGE', `The project would exceed ${limits.maxProjectBytes} bytes.`);

    const analysis = analyzeSource(path, text);
    if (analysis.syntaxError) throw new Refused('SYNTAX_ERROR', analysis.syntaxError.message, analysis.syntaxError.line);
    const danger = analysis.dangerous[0];
    if (danger) throw new Refused('DANGEROUS_CODE', danger.message, danger.line);
    for (const ref of analysis.imports) {
      const pkg = packageNameOf(ref.specifier);
      if (pkg !== null && !this.options.packages.has(pkg)) {
        const available = [...this.options.packages].sort().join(', ');
        throw new Refused('IMPORT_NOT_AVAILABLE', `${path} line ${ref.line} imports '${ref.specifier}', which the preview does not have (available: ${available}).`, ref.line);
      }
    }
    const unresolved = analysis.imports.filter((ref) => isRelative(ref.specifier) && !resolveRelativeImport(path, ref.specifier, (p) => p === path || this.tree.has(p)));
    if (unresolved.length) {
      this.pending.set(path, { content, unresolved });
      return;
    }
    this.pending.delete(path);
    this.tree.write(path, content);
    this.accepted.push({ change: { action: 'write', path, content }, view: { action: 'write', path } });
    this.releasePending();
  }

  /** Accepts waiting writes whose imports now resolve, until none more do. */
  private releasePending() {
    let released = true;
    while (released) {
      released = false;
      for (const [path, p] of this.pending) {
        const still = p.unresolved.filter((ref) => !resolveRelativeImport(path, ref.specifier, (q) => q === path || this.tree.has(q)));
        if (still.length) {
          p.unresolved = still;
          continue;
        }
        this.pending.delete(path);
        this.tree.write(path, p.content);
        this.accepted.push({ change: { action: 'write', path, content: p.content }, view: { action: 'write', path } });
        released = true;
      }
    }
  }

  private guard(change: { action: 'write' | 'delete' | 'rename'; path: string; from?: string; content?: string }) {
    const issue = checkProtected(change, (p) => this.tree.text(p));
    if (issue) throw new Refused('PROTECTED_FILE', issue.message);
  }

  /**
   * A delete or rename that leaves a file importing something no longer there is undone (when nothing after
   * it in the reply touched the same paths), and refused with IMPORT_BROKEN naming the importer.
   */
  private undoBreakingRemovals(): RefusedChangeView[] {
    const removals = this.accepted.filter((a) => a.change.action !== 'write');
    if (!removals.length) return [];
    const gone = new Set(removals.map((a) => (a.change.action === 'rename' ? a.change.from : a.change.path)));
    const refused: RefusedChangeView[] = [];
    for (const importer of this.tree.paths()) {
      if (!/\.(m?[jt]sx?|css)$/.test(importer)) continue;
      const text = this.tree.text(importer)!;
      for (const ref of analyzeSource(importer, text).imports) {
        if (!isRelative(ref.specifier) || resolveRelativeImport(importer, ref.specifier, this.tree.has)) continue;
        const target = resolveRelativeImport(importer, ref.specifier, (p) => gone.has(p));
        const removal = target && removals.find((a) => (a.change.action === 'rename' ? a.change.from : a.change.path) === target);
        if (!removal || !this.undo(removal)) continue;
        gone.delete(target);
        refused.push(...this.refuse(removal.view, 'IMPORT_BROKEN', `${importer} line ${ref.line} still imports ${target}; it was kept.`).refused);
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

  private record(refusal: RefusedChangeView) {
    this.refusals.push({ ...refusal, at: this.accepted.length } as RefusedChangeView);
  }
}

const isRelative = (s: string) => s.startsWith('./') || s.startsWith('../');
