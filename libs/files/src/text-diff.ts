import { createTwoFilesPatch } from 'diff';

/** Text if it decodes as UTF-8 and has no NUL in its first 8 KB (the same test git uses for binary). */
export function isText(bytes: Buffer): boolean {
  if (bytes.subarray(0, 8192).includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A unified diff of two versions of a text file, with git-style a/ and b/ names. */
export function unifiedDiff(oldPath: string, newPath: string, before: string, after: string): string {
  return createTwoFilesPatch(`a/${oldPath}`, `b/${newPath}`, before, after, undefined, undefined, { context: 3 });
}
