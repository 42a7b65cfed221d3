import { posix } from 'node:path';

// What a relative import may leave out, in the order bundler resolution (Vite's and TypeScript's) tries them.
const EXTENSIONS = ['', '.ts', '.tsx', '.d.ts', '.js', '.jsx', '.mts', '.mjs', '.json'];
const INDEXES = ['/index.ts', '/index.tsx', '/index.js', '/index.jsx'];
// `./Hero.js` names `./Hero.ts` or `./Hero.tsx` too (TypeScript's convention for ES modules).
const SCRIPT_TWINS: Record<string, string[]> = { '.js': ['.ts', '.tsx'], '.jsx': ['.tsx'], '.mjs': ['.mts'] };

/**
 * The project file a relative specifier written in `from` names, or null (a package, or nothing matches).
 * Only the shape of the graph depends on this (which files to re-check after a change): the diagnostics
 * themselves come from the compiler's own resolution.
 */
export function resolveRelative(from: string, specifier: string, exists: (path: string) => boolean): string | null {
  if (!specifier.startsWith('./') && !specifier.startsWith('../')) return null;
  const base = posix.normalize(posix.join(posix.dirname(from), specifier.replace(/[?#].*$/, '')));
  if (base.startsWith('../')) return null;
  const twin = Object.entries(SCRIPT_TWINS).find(([ext]) => base.endsWith(ext));
  const candidates = [
    ...EXTENSIONS.map((ext) => base + ext),
    ...(twin ? twin[1].map((ext) => base.slice(0, -twin[0].length) + ext) : []),
    ...INDEXES.map((index) => base + index),
  ];
  return candidates.find(exists) ?? null;
}

/**
 * The files whose imports name one of `targets` (direct importers only: a file's errors depend on the
 * declarations it imports, so a change reaches the files importing the changed file; one level covers the
 * usual page, where App.tsx imports each section).
 */
export function importersOf(
  targets: ReadonlySet<string>,
  files: Iterable<string>,
  specifiersOf: (path: string) => readonly string[],
  exists: (path: string) => boolean,
): string[] {
  const importers: string[] = [];
  for (const file of files) {
    if (targets.has(file)) continue;
    const names = specifiersOf(file).map((s) => resolveRelative(file, s, exists));
    if (names.some((name) => name !== null && targets.has(name))) importers.push(file);
  }
  return importers;
}
