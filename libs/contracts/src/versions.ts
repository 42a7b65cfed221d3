import type { FileAction, FileChangeView } from './events.js';

/** What made a version: the project's template, a chat turn, a person's own edit, or a restore. */
export type VersionSource = 'template' | 'ai' | 'user' | 'restore';

/** docs/API.md "Files and versions": one file of a version (`GET /api/projects/:id/files`). */
export interface FileEntry {
  path: string;
  size: number;
  sha256: string;
}

/** One version of a project (`GET /api/projects/:id/versions`, newest first). */
export interface VersionView {
  number: number;
  source: VersionSource;
  /** The chat turn that made it (source `ai`). */
  turnId?: string;
  message: string;
  createdAt: string;
  changes: FileChangeView[];
}

/** One changed file between two versions (`GET /api/projects/:id/versions/:n/diff`). */
export interface DiffEntry {
  action: FileAction;
  path: string;
  from?: string;
  binary: boolean;
  /** Unified diff of the text; null for binary files and pure renames. */
  patch: string | null;
}

/** What a change to the files answers (a write, a delete, a restore): the version it made, now the head. */
export interface NewVersionView {
  version: number;
}
