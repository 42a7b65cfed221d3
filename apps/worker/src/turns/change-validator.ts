import type { ErrorCode, FileChangeView, RefusedChangeView, TurnWarningView } from '@studio/contracts';
import { checkProtected, type FileChange, type FileLimits, type ProtectedCheckChange } from '@studio/files';
import { applyPatch, type ParsedChange } from '@studio/llm';
import type { ComponentLibrary } from '@studio/catalog';
import { analyzeSource, type ImportRef, packageNameOf, resolveRelativeImport } from './analysis/source-analysis.js';
import type { TypeDiagnostic } from '@studio/typecheck';
import { type ChangeTypeChecker, TypeGate, typeRefusal } from './type-gate.js';
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
  // TypeScript's file:line:col and message say exactly what to fix.
  'TYPE_ERROR',
  // A patch of a file that does not exist: the model can write the whole file.
  'FILE_NOT_FOUND',
]);

/** What the model asked for, as a refusal reports it (a patch or an insert would have been a write). */
type WriteAction = 'write' | 'patch' | 'insert';

/** A write that cannot land yet: imports that do not resolve, or type errors a later change may fix. */
interface PendingWrite {
  content: Buffer;
  action: WriteAction;
  unresolved: ImportRef[];
  typeErrors: TypeDiagnostic[];
  /** accepted.length when its type errors were last computed: retried only after something new landed. */
  triedAt: number;
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

/** A refusal names the action the model wrote: `patch` and `insert` stay themselves. */
const refusedViewOf = (c: ParsedChange): Omit<RefusedChangeView, 'code' | 'message'> => (c.action === 'patch' || c.action === 'insert' ? { action: c.action, path: c.path } : viewOf(c));

/**
 * Checks each change the model writes, as its `</code>` closes, against the project as it will be
 * (ARCHITECTURE.md "Validation before anything is applied"): protected files, sizes and limits, a real
 * parse of the code, dangerous patterns, bare imports against the preview image's packages, relative imports
 * against the working tree, then a type-check of the file and the files it affects (TypeGate). A write whose
 * relative imports do not resolve yet, or that breaks the types of the page, waits: the model may create the
 * imported file, or change the other side of a props contract, later in the same reply. `finish` refuses what
 * still waits (saying which refused change knocked it out, when one did) and any delete or rename that would
 * break a file that imports it.
 */
export class ChangeValidator {
  readonly accepted: AcceptedChange[] = [];
  private readonly refusals: RefusedChangeView[] = [];
  private readonly pending = new Map<string, PendingWrite>();
  // What each accepted delete removed, so a delete that breaks an importer can be undone.
  private readonly deleted = new Map<AcceptedChange, Buffer>();
  /** Writes refused at `finish` because another refused change knocked them out: retried after a repair. */
  private readonly knockedOut = new Map<string, { content: Buffer; action: WriteAction }>();
  /** Paths the reply inserted from the library, with the component id (for the placeholder-copy warning). */
  readonly inserted = new Map<string, string>();
  private readonly types: TypeGate;

  constructor(
    private readonly tree: WorkingTree,
    private readonly options: {
      packages: ReadonlySet<string>;
      limits: FileLimits;
      components: Pick<ComponentLibrary, 'source' | 'suggest'>;
      /** The project's type-checker; without one (a test of the other rules) nothing is type-checked. */
      typeChecker?: ChangeTypeChecker;
    },
  ) {
    this.types = new TypeGate(tree, options.typeChecker);
  }

  /** TYPE_WARNING entries for what the reply changed, net (diagnostics that cannot break the page). */
  typeWarnings(): TurnWarningView[] {
    return this.types.warnings(new Set(this.net.filter((a) => a.change.action === 'write').map((a) => a.change.path)));
  }

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
  refuse(view: Omit<RefusedChangeView, 'code' | 'message'>, code: ErrorCode, message: string, extra: Partial<Pick<RefusedChangeView, 'line' | 'column' | 'suggestions' | 'causedBy' | 'tsCode'>> = {}): ValidationOutcome {
    const refusal: RefusedChangeView = { ...view, code, message };
    for (const [k, v] of Object.entries(extra)) if (v !== undefined) (refusal as unknown as Record<string, unknown>)[k] = v;
    this.record(refusal);
    return { accepted: [], refused: [refusal] };
  }

  check(parsed: ParsedChange): ValidationOutcome {
    try {
      const before = this.accepted.length;
      this.knockedOut.delete(parsed.path);
      this.apply(parsed);
      return { accepted: this.accepted.slice(before), refused: [] };
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      return this.refuse(refusedViewOf(parsed), err.code, err.message, { line: err.line, suggestions: err.suggestions });
    }
  }

  /**
   * End of the reply: writes that still wait are tried together once (two files that only type-check with each
   * other), then refused, each saying which refused change knocked it out when one did; deletes or renames that
   * break an importer are undone.
   */
  finish(): ValidationOutcome {
    const before = this.accepted.length;
    this.acceptTogether();
    const refused: RefusedChangeView[] = [];
    const refusedPaths = () => new Set(this.refused.map((r) => r.path));
    for (const [path, p] of [...this.pending]) {
      this.pending.delete(path);
      const causedBy = this.knockedOutBy(path, p, refusedPaths());
      if (causedBy) this.knockedOut.set(path, { content: p.content, action: p.action });
      const because = causedBy ? ` It depends on ${causedBy}, which was refused.` : '';
      if (p.unresolved.length) {
        const list = p.unresolved.map((i) => `'${i.specifier}' (line ${i.line})`).join(', ');
        refused.push(...this.refuse({ action: p.action, path }, 'IMPORT_UNRESOLVED', `${path} imports ${list}, which is not in the project.${because}`, { line: p.unresolved[0].line, causedBy }).refused);
      } else {
        const r = typeRefusal(path, p.typeErrors);
        refused.push(...this.refuse({ action: p.action, path }, 'TYPE_ERROR', `${r.message}${because}`, { ...r, causedBy }).refused);
      }
    }
    refused.push(...this.undoBreakingRemovals());
    return { accepted: this.accepted.slice(before), refused };
  }

  /**
   * After a repair round: writes that were refused only because another refused change knocked them out are
   * tried again as they were (the repair fixed the cause), unless the repair wrote them anew.
   */
  retryKnockedOut(): ValidationOutcome {
    const before = this.accepted.length;
    const refused: RefusedChangeView[] = [];
    for (const [path, k] of [...this.knockedOut]) {
      this.knockedOut.delete(path);
      refused.push(...this.check({ action: 'write', path, content: k.content.toString('utf8') } as ParsedChange).refused);
      const waiting = this.pending.get(path);
      if (waiting) waiting.action = k.action;
    }
    const done = this.finish();
    return { accepted: this.accepted.slice(before), refused: [...refused, ...done.refused] };
  }

  /** The refused change (path) a waiting write depends on: an import of it, unresolved or with type errors. */
  private knockedOutBy(path: string, p: PendingWrite, refused: Set<string>): string | undefined {
    for (const ref of p.unresolved) {
      const target = resolveRelativeImport(path, ref.specifier, (q) => refused.has(q));
      if (target) return target;
    }
    if (!p.typeErrors.length) return undefined;
    const imports = analyzeSource(path, p.content.toString('utf8')).imports.filter((i) => isRelative(i.specifier));
    for (const ref of imports) {
      const target = resolveRelativeImport(path, ref.specifier, (q) => refused.has(q));
      if (target && target !== path) return target;
    }
    return undefined;
  }

  private apply(c: ParsedChange) {
    switch (c.action) {
      case 'write':
        return this.write(c.path, c.content, 'write');
      case 'patch': {
        // A patch applies to the file as the reply left it, even when that version still waits.
        const current = this.pending.get(c.path)?.content.toString('utf8') ?? this.tree.text(c.path);
        if (current === undefined) throw new Refused('FILE_NOT_FOUND', `${c.path} does not exist, so it cannot be patched; write the whole file instead.`);
        const result = applyPatch(current, c.blocks);
        if (!result.ok) throw new Refused(result.code as ErrorCode, `${c.path}: ${result.message}`);
        return this.write(c.path, result.content, 'patch');
      }
      case 'insert': {
        const source = this.options.components.source(c.component);
        if (source === null) {
          const close = this.options.components.suggest(c.component);
          const hint = close.length ? `; did you mean ${close.join(', ')}?` : '; the catalog in your instructions lists the ids.';
          throw new Refused('COMPONENT_NOT_FOUND', `There is no component "${c.component}" in the library${hint}`, undefined, close);
        }
        this.inserted.set(c.path, c.component);
        return this.write(c.path, source, 'insert');
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

  private write(path: string, text: string, action: WriteAction) {
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
      this.pending.set(path, { content, action, unresolved, typeErrors: [], triedAt: this.accepted.length });
      return;
    }
    if (this.tryAccept(path, content, action)) this.releasePending();
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
      this.pending.set(path, { content, action, unresolved: [], typeErrors: errors, triedAt: this.accepted.length });
      return false;
    }
    this.pending.delete(path);
    this.accepted.push({ change: { action: 'write', path, content }, view: { action: 'write', path } });
    return true;
  }

  /** Accepts waiting writes whose imports now resolve and that now type-check, until none more do. */
  private releasePending() {
    let released = true;
    while (released) {
      released = false;
      for (const [path, p] of [...this.pending]) {
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
  private acceptTogether() {
    let group = [...this.pending].filter(([, p]) => !p.unresolved.length && p.typeErrors.length);
    for (let round = 0; group.length > 1 && round < 3; round++) {
      const before = new Map(group.map(([path]) => [path, this.tree.bytesOf(path)]));
      for (const [path, p] of group) this.tree.write(path, p.content);
      const errors = this.types.newErrors(group.map(([path]) => path), before);
      if (!errors.length) {
        for (const [path, p] of group) {
          this.pending.delete(path);
          this.accepted.push({ change: { action: 'write', path, content: p.content }, view: { action: 'write', path } });
        }
        this.releasePending();
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

  private guard(change: ProtectedCheckChange) {
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
