import { INSTRUCTIONS_PATH, StudioError } from '@studio/contracts';
import type { FileStore } from '@studio/files';

/** The instructions' text at a version; undefined when that version has no instructions file. */
export async function readInstructions(files: Pick<FileStore, 'readFile'>, projectId: string, version: number): Promise<string | undefined> {
  try {
    return (await files.readFile(projectId, INSTRUCTIONS_PATH, version)).toString('utf8');
  } catch (err) {
    if (err instanceof StudioError && err.code === 'FILE_NOT_FOUND') return undefined;
    throw err;
  }
}

export type InstructionsChange = { action: 'write'; path: string; content: Buffer } | { action: 'delete'; path: string };

/**
 * The file change that makes the instructions read `text`, or null when they already do. Blank text removes
 * the file (a turn adds nothing for blank instructions either, so an empty file would only be clutter).
 */
export function instructionsChange(current: string | undefined, text: string): InstructionsChange | null {
  if (!text.trim()) return current === undefined ? null : { action: 'delete', path: INSTRUCTIONS_PATH };
  if (current === text) return null;
  return { action: 'write', path: INSTRUCTIONS_PATH, content: Buffer.from(text, 'utf8') };
}
