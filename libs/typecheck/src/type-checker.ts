import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { isNoSubstitutionTemplateLiteral, isStringLiteral, type SourceFile } from 'typescript/unstable/ast';
import { type Diagnostic, DiagnosticCategory, type Program } from 'typescript/unstable/sync';
import { CHECKED_FILE } from './compiler-options.js';
import { CompilerSession } from './compiler-session.js';
import { flattenMessage, lineAndColumn, type TypeDiagnostic } from './diagnostic.js';
import { siteAt } from './diagnostic-site.js';
import { importersOf } from './import-graph.js';
import { dependsOnSite, isPageBreaking } from './page-breaking.js';
import { type FileChanges, normalizePath, VirtualProject } from './virtual-project.js';

export interface TypeCheckerOptions {
  /** A folder whose node_modules holds the preview image's packages (docker/preview): bare imports resolve there. */
  typesRoot: string;
  /** Projects kept compiled between checks; the least recently checked is dropped first. Default 32. */
  maxProjects?: number;
}

export interface TypeCheckResult {
  diagnostics: TypeDiagnostic[];
  /** The files whose diagnostics were computed: the changed ones and the files importing them. */
  checked: string[];
  ms: number;
}

/**
 * Type-checks the files a model changes, in the project as it will be, with the preview image's types.
 * One long-lived instance per worker: it keeps one compiler process and, per project, an incremental
 * program, so a check after a one-file change re-parses that file and re-checks only it and its importers.
 * Synchronous, like the compiler's API: a check of the default template takes tens of milliseconds.
 */
export class TypeChecker {
  private readonly session: CompilerSession;
  // By project key, least recently checked first.
  private readonly projects = new Map<string, VirtualProject>();
  private readonly maxProjects: number;
  // Numbers each project folder: a project checked again after its eviction gets a new folder, because the
  // compiler keeps the files it read by path and would otherwise see the contents from before.
  private opened = 0;

  constructor(options: TypeCheckerOptions) {
    if (!isAbsolute(options.typesRoot) || !existsSync(join(options.typesRoot, 'node_modules'))) {
      throw new Error(`TypeChecker: typesRoot must be an absolute folder with a node_modules (got ${options.typesRoot})`);
    }
    this.session = new CompilerSession(options.typesRoot.replace(/\/+$/, ''));
    this.maxProjects = Math.max(1, options.maxProjects ?? 32);
  }

  /**
   * Diagnostics of `paths` (the changed files, project-relative) and of the files importing them, in the
   * project whose files are `files` (the whole project as it will be). `projectKey` names the project, so
   * that what an earlier check of it compiled is reused.
   */
  check(projectKey: string, files: ReadonlyMap<string, string | Buffer>, paths: string[]): TypeCheckResult {
    const started = performance.now();
    const project = this.projectFor(projectKey);
    const changes = project.sync(files);
    let found: { diagnostics: TypeDiagnostic[]; checked: string[] };
    try {
      found = this.run(project, changes, paths);
    } catch {
      // The compiler process died or failed: start a new one (it reads the project whole) and try once more.
      this.session.dispose();
      try {
        found = this.run(project, { changed: [], created: [], deleted: [] }, paths);
      } catch (error) {
        this.session.dispose();
        throw error;
      }
    }
    return { ...found, ms: Math.round((performance.now() - started) * 10) / 10 };
  }

  private run(project: VirtualProject, changes: FileChanges, paths: string[]): { diagnostics: TypeDiagnostic[]; checked: string[] } {
    const program = this.session.program(project, changes);
    const checked = this.affected(project, program, paths);
    return { diagnostics: checked.flatMap((path) => this.diagnosticsOf(project, program, path)), checked };
  }

  /** Forgets one project (it is compiled afresh if checked again), or everything and stops the compiler. */
  dispose(projectKey?: string): void {
    if (projectKey === undefined) {
      this.projects.clear();
      this.session.dispose();
      return;
    }
    const project = this.projects.get(projectKey);
    if (!project) return;
    this.projects.delete(projectKey);
    this.session.remove(project);
  }

  private projectFor(key: string): VirtualProject {
    let project = this.projects.get(key);
    if (project) {
      this.projects.delete(key); // re-inserted below: now the most recent
    } else {
      const id = `${createHash('sha256').update(key).digest('hex').slice(0, 12)}-${++this.opened}`;
      project = new VirtualProject(id, this.session.rootOf(id));
    }
    this.projects.set(key, project);
    for (const [oldKey, old] of this.projects) {
      if (this.projects.size <= this.maxProjects) break;
      this.projects.delete(oldKey);
      this.session.remove(old);
    }
    return project;
  }

  /** The changed code files and their importers that the program holds; every file when a declaration file changed. */
  private affected(project: VirtualProject, program: Program, paths: string[]): string[] {
    const inProgram = new Set(program.getSourceFileNames());
    const code = [...project.paths()].filter((p) => CHECKED_FILE.test(p) && inProgram.has(`${project.root}/${p}`));
    const changed = new Set(paths.map(normalizePath).filter((p): p is string => p !== null));
    // A .d.ts declares globals or modules any file may use.
    if ([...changed].some((p) => p.endsWith('.d.ts'))) return code.sort();
    const importers = importersOf(
      changed,
      code,
      (file) => this.specifiers(project, program, file),
      (p) => project.has(p) || changed.has(p),
    );
    const wanted = new Set([...changed, ...importers]);
    return code.filter((p) => wanted.has(p)).sort();
  }

  /** A file's import specifiers, from the compiler's AST, read again only when the file changed. */
  private specifiers(project: VirtualProject, program: Program, path: string): readonly string[] {
    const text = project.text(path) ?? '';
    const cached = project.importCache.get(path);
    if (cached?.text === text) return cached.specifiers;
    const file = program.getSourceFile(`${project.root}/${path}`);
    const specifiers = (file?.imports ?? []).flatMap((node) => (isStringLiteral(node) || isNoSubstitutionTemplateLiteral(node) ? [node.text] : []));
    project.importCache.set(path, { text, specifiers });
    return specifiers;
  }

  private diagnosticsOf(project: VirtualProject, program: Program, path: string): TypeDiagnostic[] {
    const absolute = `${project.root}/${path}`;
    const text = project.text(path) ?? '';
    // As tsc does: when a file does not parse, its semantic errors are noise.
    const syntactic = program.getSyntacticDiagnostics(absolute);
    const syntax = syntactic.length > 0;
    const found = syntax ? syntactic : program.getSemanticDiagnostics(absolute);
    let ast: SourceFile | undefined;
    const siteOf = (d: Diagnostic) => {
      if (syntax || !dependsOnSite(d.code)) return { inJsx: false, dereferenced: false };
      ast ??= program.getSourceFile(absolute);
      return ast ? siteAt(ast, d.pos) : { inJsx: false, dereferenced: false };
    };
    return found
      .filter((d) => d.category === DiagnosticCategory.Error || d.category === DiagnosticCategory.Warning)
      .map((d) => ({
        file: path,
        ...lineAndColumn(text, d.pos),
        code: d.code,
        message: flattenMessage(d),
        breaksPage: d.category === DiagnosticCategory.Error && isPageBreaking(d.code, { syntax, ...siteOf(d) }),
      }));
  }
}
