import type { FileSystem } from 'typescript/unstable/fs';
import { API, type Program, type Snapshot } from 'typescript/unstable/sync';
import type { FileChanges, VirtualProject } from './virtual-project.js';

// The compiler process grows by a fraction of a megabyte for each project it has opened, closed ones
// included (measured: +0.17 MB per project over 600 projects, 8 open at a time); it is replaced after this
// many opens, which costs one cold start (under a second) on the next check.
const RECYCLE_AFTER_OPENS = 500;

/**
 * The TypeScript 7 compiler (the native `tsc`), run as one child process behind its synchronous API, holding
 * every open project. One process for all projects is what shares work between them: the library .d.ts
 * files (lucide-react's 2.5 MB, @types/react, the DOM lib) are parsed once and reused by every project's
 * program, and a project's program is updated, not rebuilt, when some of its files change.
 *
 * The compiler reads project files through the callbacks below, from the VirtualProjects (nothing is written
 * to disk); every other path (the types folder's node_modules) it reads from disk itself, once, and keeps.
 */
export class CompilerSession {
  private api: API | null = null;
  private snapshot: Snapshot | null = null;
  /** Projects the compiler has open, by id. */
  private readonly open = new Map<string, VirtualProject>();
  /** Projects to close with the next snapshot. */
  private readonly closing = new Set<VirtualProject>();
  private opens = 0;
  private readonly folder: string;

  constructor(typesRoot: string) {
    this.folder = `${typesRoot}/.typecheck`;
  }

  /** Where a project's files appear to be (inside the types folder, so `react` resolves to its node_modules). */
  rootOf(id: string): string {
    return `${this.folder}/${id}`;
  }

  /** Closes the project with the next update: the compiler drops its program and files. */
  remove(project: VirtualProject): void {
    if (this.open.has(project.id)) this.closing.add(project);
  }

  /**
   * The project's program after its file changes, in a new snapshot (which also opens the project when the
   * compiler does not have it, and closes the removed ones). When nothing changed, the current program is
   * reused as it is.
   */
  program(project: VirtualProject, changes: FileChanges): Program {
    if (this.opens >= RECYCLE_AFTER_OPENS) this.dispose();
    const api = (this.api ??= new API({ cwd: this.folder, fs: this.fileSystem() }));
    const opening = !this.open.has(project.id);
    if (opening) this.opens++;
    this.open.set(project.id, project);
    const touched = changes.changed.length + changes.created.length + changes.deleted.length > 0;
    if (!this.snapshot || opening || touched || this.closing.size > 0) {
      const absolute = (paths: string[]) => paths.map((p) => `${project.root}/${p}`);
      const next = api.updateSnapshot({
        openProjects: opening ? [project.configPath] : [],
        closeProjects: [...this.closing].map((p) => p.configPath),
        // A project being opened is read whole: its changes are news to nobody.
        fileChanges: opening ? {} : { changed: absolute(changes.changed), created: absolute(changes.created), deleted: absolute(changes.deleted) },
      });
      for (const p of this.closing) this.open.delete(p.id);
      this.closing.clear();
      this.snapshot?.dispose();
      this.snapshot = next;
    }
    const compiled = this.snapshot.getProject(project.configPath);
    if (!compiled) throw new Error(`the compiler has no project at ${project.configPath}`);
    return compiled.program;
  }

  /** Stops the compiler process; the next update starts a new one, and each project is opened again when next checked. */
  dispose(): void {
    this.open.clear();
    this.closing.clear();
    this.snapshot = null;
    this.opens = 0;
    const api = this.api;
    this.api = null;
    try {
      api?.close();
    } catch {
      // Already gone: nothing left to close.
    }
  }

  /** Project paths are answered from memory; `undefined` sends the compiler to the real disk. */
  private fileSystem(): FileSystem {
    const locate = (path: string): { project: VirtualProject | undefined; rel: string } | null => {
      if (path !== this.folder && !path.startsWith(`${this.folder}/`)) return null;
      const rest = path.slice(this.folder.length + 1);
      const slash = rest.indexOf('/');
      const id = slash < 0 ? rest : rest.slice(0, slash);
      return { project: this.open.get(id), rel: slash < 0 ? '' : rest.slice(slash + 1) };
    };
    return {
      readFile: (path) => {
        const at = locate(path);
        return at === null ? undefined : (at.project?.text(at.rel) ?? null);
      },
      fileExists: (path) => {
        const at = locate(path);
        return at === null ? undefined : (at.project?.fileExists(at.rel) ?? false);
      },
      directoryExists: (path) => {
        const at = locate(path);
        if (at === null) return undefined;
        return path === this.folder || at.project?.entries(at.rel) !== undefined;
      },
      getAccessibleEntries: (path) => {
        const at = locate(path);
        if (at === null) return undefined;
        if (path === this.folder) return { files: [], directories: [...this.open.keys()] };
        return at.project?.entries(at.rel) ?? { files: [], directories: [] };
      },
      // Project files are not links; other paths are resolved by the compiler on disk.
      realpath: (path) => (locate(path) === null ? undefined : path),
    };
  }
}
