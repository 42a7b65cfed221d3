import type { PageEditBody, SourceLocation } from '@studio/contracts';
import type { ReadFile } from '../apply-page-edit.js';

/** Where the `nth` (0-based) occurrence of `needle` starts in `content`, as the preview would report it. */
export function locate(path: string, content: string, needle: string, nth = 0): SourceLocation {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = content.indexOf(needle, at + 1);
    if (at < 0) throw new Error(`"${needle}" occurs fewer than ${nth + 1} times in ${path}`);
  }
  const before = content.slice(0, at);
  const line = before.split('\n').length;
  return { path, line, column: at - before.lastIndexOf('\n') };
}

/** A project's files as the located edit reads them. */
export const reader =
  (files: Record<string, string>): ReadFile =>
  (path) =>
    files[path] ?? null;

/** A text edit's body, based on version 1. */
export const textEdit = (location: SourceLocation, before: string, after: string, owners: SourceLocation[] = []): PageEditBody => ({
  baseVersion: 1,
  location,
  owners,
  target: { kind: 'text' },
  before,
  after,
});

/** The one change between two texts: what was cut from the old one and what was put in its place. */
export function changeBetween(before: string, after: string): { removed: string; added: string; at: number } {
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { removed: before.slice(start, before.length - end), added: after.slice(start, after.length - end), at: start };
}
