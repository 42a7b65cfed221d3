import type { ComponentLibrary } from '@studio/catalog';
import type { ErrorCode, RefusedChangeView, TurnWarningView } from '@studio/contracts';
import { applyPatch, type ParsedChange } from '@studio/llm';
import { type AcceptedChange, netChanges, type ValidationOutcome, type WriteAction } from './accepted-change.js';
import { knockedOutBy, PendingWrites } from './pending-writes.js';
import { type RefusalDetails, RefusalLog, Refused, type RefusedTarget, refusedViewOf } from './refusals.js';
import { Removals } from './removals.js';
import { type ChangeTypeChecker, TypeGate, typeRefusal } from './type-gate.js';
import type { WorkingTree } from './working-tree.js';
import { checkWrite, guardProtected, type WriteRules } from './write-checks.js';

export interface ChangeValidatorOptions extends WriteRules {
  components: Pick<ComponentLibrary, 'source' | 'suggest'>;
  /** The project's type-checker; without one (a test of the other rules) nothing is type-checked. */
  typeChecker?: ChangeTypeChecker;
}

/**
 * Checks each change the model writes, as its `</code>` closes, against the project as it will be
 * (docs/ARCHITECTURE.md "Validation before anything is applied"): protected files, sizes and limits, a real
 * parse of the code, dangerous patterns, bare imports against the preview image's packages (write-checks.ts),
 * relative imports against the working tree, then a type-check of the file and the files it affects (TypeGate).
 * A write whose relative imports do not resolve yet, or that breaks the types of the page, waits
 * (PendingWrites): the model may create the imported file, or change the other side of a props contract, later
 * in the same reply. `finish` refuses what still waits (saying which refused change knocked it out, when one
 * did) and any delete or rename that would break a file that imports it (Removals).
 */
export class ChangeValidator {
  readonly accepted: AcceptedChange[] = [];
  /** Paths the reply inserted from the library, with the component id (for the placeholder-copy warning). */
  readonly inserted = new Map<string, string>();
  private readonly log = new RefusalLog(this.accepted);
  private readonly types: TypeGate;
  private readonly pending: PendingWrites;
  private readonly removals: Removals;
  /** Writes refused at `finish` because another refused change knocked them out: retried after a repair. */
  private readonly knockedOut = new Map<string, { content: Buffer; action: WriteAction }>();

  constructor(
    private readonly tree: WorkingTree,
    private readonly options: ChangeValidatorOptions,
  ) {
    this.types = new TypeGate(tree, options.typeChecker);
    this.pending = new PendingWrites(tree, this.types, this.accepted);
    this.removals = new Removals(tree, this.accepted, this.log);
  }

  /** TYPE_WARNING entries for what the reply changed, net (diagnostics that cannot break the page). */
  typeWarnings(): TurnWarningView[] {
    return this.types.warnings(new Set(this.net.filter((a) => a.change.action === 'write').map((a) => a.change.path)));
  }

  /** What the reply does, net: each path once (netChanges). */
  get net(): AcceptedChange[] {
    return netChanges(this.accepted);
  }

  /** Refusals still standing, one per path; one the model later fixed is dropped (RefusalLog). */
  get refused(): RefusedChangeView[] {
    return this.log.standing();
  }

  /** Refuses a change the parser already rejected (a truncated block, a bad path...). */
  refuse(target: RefusedTarget, code: ErrorCode, message: string, details: RefusalDetails = {}): ValidationOutcome {
    return { accepted: [], refused: [this.log.refuse(target, code, message, details)] };
  }

  check(parsed: ParsedChange): ValidationOutcome {
    try {
      const before = this.accepted.length;
      this.knockedOut.delete(parsed.path);
      this.apply(parsed);
      return { accepted: this.accepted.slice(before), refused: [] };
    } catch (err) {
      if (!(err instanceof Refused)) throw err;
      return this.refuse(refusedViewOf(parsed), err.code, err.message, { line: err.line, column: err.column, suggestions: err.suggestions });
    }
  }

  /**
   * End of the reply: writes that still wait are tried together once (two files that only type-check with each
   * other), then refused, each saying which refused change knocked it out when one did; deletes or renames that
   * break an importer are undone.
   */
  finish(): ValidationOutcome {
    const before = this.accepted.length;
    this.pending.acceptTogether();
    const refused: RefusedChangeView[] = [];
    for (const [path, p] of this.pending.entries()) {
      this.pending.delete(path);
      const causedBy = knockedOutBy(path, p, new Set(this.refused.map((r) => r.path)));
      if (causedBy) this.knockedOut.set(path, { content: p.content, action: p.action });
      const target = { action: p.action, path };
      if (p.unresolved.length) {
        const because = causedBy ? ` It depends on ${causedBy}, which was refused.` : '';
        const list = p.unresolved.map((i) => `'${i.specifier}' (line ${i.line})`).join(', ');
        refused.push(this.log.refuse(target, 'IMPORT_UNRESOLVED', `${path} imports ${list}, which is not in the project.${because}`, { line: p.unresolved[0].line, causedBy }));
      } else {
        // A TYPE_ERROR names what knocked it out in `causedBy` only, its message is TypeScript's list as is
        // (as it was before this class was split: the "It depends on" sentence never reached it).
        const r = typeRefusal(path, p.typeErrors);
        refused.push(this.log.refuse(target, 'TYPE_ERROR', r.message, { line: r.line, column: r.column, tsCode: r.tsCode, causedBy }));
      }
    }
    refused.push(...this.removals.undoBreaking());
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
      refused.push(...this.check({ action: 'write', path, content: k.content.toString('utf8') }).refused);
      const waiting = this.pending.get(path);
      if (waiting) waiting.action = k.action;
    }
    const done = this.finish();
    return { accepted: this.accepted.slice(before), refused: [...refused, ...done.refused] };
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
        if (!result.ok) throw new Refused(result.code, `${c.path}: ${result.message}`);
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
        guardProtected({ action: 'delete', path: c.path }, this.tree);
        if (!this.tree.has(c.path)) throw new Refused('FILE_NOT_FOUND', `${c.path} does not exist.`);
        this.pending.delete(c.path);
        return this.removals.delete(c.path);
      }
      case 'rename': {
        guardProtected({ action: 'rename', path: c.to, from: c.path }, this.tree);
        if (!this.tree.has(c.path)) throw new Refused('FILE_NOT_FOUND', `${c.path} does not exist, so it cannot be renamed.`);
        if (this.tree.has(c.to)) throw new Refused('PATH_EXISTS', `${c.to} already exists.`);
        this.removals.rename(c.path, c.to);
        return this.pending.release();
      }
    }
  }

  /** A write that passes the checks of its own content lands now, or waits for its imports or its types. */
  private write(path: string, text: string, action: WriteAction) {
    const content = Buffer.from(text, 'utf8');
    const unresolved = checkWrite(path, text, content, this.tree, this.options);
    if (unresolved.length) this.pending.waitForImports(path, content, action, unresolved);
    else this.pending.offer(path, content, action);
  }
}
