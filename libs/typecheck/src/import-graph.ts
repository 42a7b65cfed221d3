import { isRelativeSpecifier, resolveRelativeImport } from '@studio/imports';

/**
 * The project file a relative specifier written in `from` names, or null (a package, or nothing matches): the
 * one resolver of @studio/imports, as the type-checker reads the project (declaration files count). Only the
 * shape of the graph depends on this (which files to re-check after a change): the diagnostics themselves
 * come from the compiler's own resolution.
 */
export const resolveRelative = (from: string, specifier: string, exists: (path: string) => boolean): string | null =>
  isRelativeSpecifier(specifier) ? resolveRelativeImport(from, specifier, exists, { typeOnly: true }) : null;

/**
 * The files whose imports name one of `targets` (direct importers only: a file's errors depend on the
 * declarations it imports, so a change reaches the files importing the changed file; one level covers the
 * usual page, where App.tsx imports each section).
 */
export function importersOf(targets: ReadonlySet<string>, files: Iterable<string>, specifiersOf: (path: string) => readonly string[], exists: (path: string) => boolean): string[] {
  const importers: string[] = [];
  for (const file of files) {
    if (targets.has(file)) continue;
    const names = specifiersOf(file).map((s) => resolveRelative(file, s, exists));
    if (names.some((name) => name !== null && targets.has(name))) importers.push(file);
  }
  return importers;
}
