import { z } from 'zod';
import type { FileAction, FileChangeView } from './events.js';
import { text } from './text.js';

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
  /** A checkpoint's name a person gave it ("before the redesign"); absent when unnamed. */
  name?: string;
  createdAt: string;
  changes: FileChangeView[];
}

/** Names are 1 to 100 characters; null takes the name away. */
export const VERSION_NAME_MAX = 100;
/** `PATCH /api/projects/:id/versions/:n`: names (or unnames) a version. */
export const nameVersionBodySchema = z.object({ name: text().trim().min(1).max(VERSION_NAME_MAX).nullable() });
export type NameVersionBody = z.infer<typeof nameVersionBodySchema>;

/**
 * The project's standing instructions (brand voice, words to avoid, "British English"): a file of the project,
 * so they are versioned, restored and exported with it. Every turn's prompt carries them; the model cannot
 * change them (a protected file), only a person, through `PUT /api/projects/:id/instructions` or the code view.
 */
export const INSTRUCTIONS_PATH = '.studio/instructions.md';
export const INSTRUCTIONS_MAX_CHARS = 8000;
/** `PUT /api/projects/:id/instructions`: empty text removes the file. `baseVersion`: compare-and-swap. */
export const instructionsBodySchema = z.object({ text: text().max(INSTRUCTIONS_MAX_CHARS), baseVersion: z.number().int().min(1).optional() });
export type InstructionsBody = z.infer<typeof instructionsBodySchema>;

/** `GET /api/projects/:id/instructions?version=N`: the instructions at a version (head by default; '' when none). */
export interface InstructionsView {
  text: string;
  version: number;
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
