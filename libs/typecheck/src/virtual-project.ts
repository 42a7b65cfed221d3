import { checkerTsconfig } from './compiler-options.js';

/** Project-relative paths, by what happened to them since the previous sync. */
export interface FileChanges {
  changed: string[];
  created: string[];
  deleted: string[];
}

export interface DirectoryEntries {
  files: string[];
  directories: string[];
}

/** Where the checker's own tsconfig sits in a project's folder (shadowing a project file of that name, if any). */
export const CONFIG_FILE = 'tsconfig.typecheck.json';

const sameContent = (a: string | Buffer, b: string | Buffer) => (typeof a === 'string' && typeof b === 'string' ? a === b : Buffer.from(a).equals(Buffer.from(b)));

/**
 * One project's files as the compiler sees them: a folder that exists only in memory (`root`, inside the
 * types folder so that bare imports resolve to its node_modules), answered from the latest `sync`. Contents
 * stay as given (a Buffer is decoded only when the compiler reads it: images never are).
 */
export class VirtualProject {
  private files = new Map<string, string | Buffer>();
  private readonly decoded = new Map<string, string>();
  private directories: Map<string, DirectoryEntries> | null = null;
  /** The import specifiers of each code file, by the text they were read from (import-graph.ts). */
  readonly importCache = new Map<string, { text: string; specifiers: string[] }>();

  constructor(
    readonly id: string,
    readonly root: string,
  ) {}

  get configPath(): string {
    return `${this.root}/${CONFIG_FILE}`;
  }

  /** Makes `next` the project's files; returns what changed since the previous sync. */
  sync(next: ReadonlyMap<string, string | Buffer>): FileChanges {
    const changes: FileChanges = { changed: [], created: [], deleted: [] };
    const files = new Map<string, string | Buffer>();
    for (const [raw, content] of next) {
      const path = normalizePath(raw);
      if (path === null) continue;
      files.set(path, content);
      const before = this.files.get(path);
      if (before === undefined) changes.created.push(path);
      else if (!sameContent(before, content)) changes.changed.push(path);
    }
    for (const path of this.files.keys()) if (!files.has(path)) changes.deleted.push(path);
    for (const path of [...changes.changed, ...changes.deleted]) this.decoded.delete(path);
    for (const path of changes.deleted) this.importCache.delete(path);
    if (changes.created.length > 0 || changes.deleted.length > 0) this.directories = null;
    this.files = files;
    return changes;
  }

  paths(): IterableIterator<string> {
    return this.files.keys();
  }

  has(path: string): boolean {
    return this.files.has(path);
  }

  /** A file's text (decoded once per content), or undefined when there is no such file. */
  text(path: string): string | undefined {
    if (path === CONFIG_FILE) return checkerTsconfig();
    const content = this.files.get(path);
    if (content === undefined || typeof content === 'string') return content;
    let text = this.decoded.get(path);
    if (text === undefined) this.decoded.set(path, (text = content.toString('utf8')));
    return text;
  }

  fileExists(path: string): boolean {
    return path === CONFIG_FILE || this.files.has(path);
  }

  /** The entries of a folder of the project ('' is its root), or undefined when there is no such folder. */
  entries(dir: string): DirectoryEntries | undefined {
    this.directories ??= this.indexDirectories();
    return this.directories.get(dir);
  }

  private indexDirectories(): Map<string, DirectoryEntries> {
    const index = new Map<string, DirectoryEntries>([['', { files: [CONFIG_FILE], directories: [] }]]);
    for (const path of this.files.keys()) {
      const parts = path.split('/');
      for (let i = 0; i < parts.length; i++) {
        const dir = parts.slice(0, i).join('/');
        let entry = index.get(dir);
        if (!entry) index.set(dir, (entry = { files: [], directories: [] }));
        const name = parts[i];
        if (i === parts.length - 1) entry.files.push(name);
        else if (!entry.directories.includes(name)) entry.directories.push(name);
      }
    }
    return index;
  }
}

/** 'src/App.tsx' as given, './src/App.tsx' as 'src/App.tsx'; null for a path that would leave the project. */
export function normalizePath(path: string): string | null {
  const parts = path
    .replace(/\\/g, '/')
    .split('/')
    .filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) return null;
  return parts.join('/');
}
