import { posix } from 'node:path';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.json', '.css'];
// Files the type-checker reads but the page never loads under an extensionless specifier.
const TYPE_ONLY_EXTENSIONS = ['.d.ts', '.mts'];

export interface ResolveOptions {
  /**
   * Resolve as the type-checker reads the project rather than as the page loads it: a declaration file
   * (`./types` → `types.d.ts`) and an `.mts` file count too. For the type-checker's import graph (which
   * files to check again after a change); the validator asks what Vite will load, so it leaves this off.
   */
  typeOnly?: boolean;
}

/** A specifier that names a file of the project relative to the importer (`./x`, `../x`), not a package. */
export const isRelativeSpecifier = (specifier: string): boolean => specifier.startsWith('./') || specifier.startsWith('../');

/**
 * Resolves a relative import the way Vite does for a TypeScript project: the exact path, then with each
 * extension, then as a folder's index; a `.js` specifier may name a `.ts`/`.tsx` file. Returns the project
 * path, or null (also for a specifier that climbs out of the project).
 *
 * The one rule for every reader of imports: the validator (does this import resolve?), the context ranker
 * (which files does this one need?), the warning rules and the type-checker's import graph all call it, so
 * they cannot disagree on a file.
 */
export function resolveRelativeImport(fromPath: string, specifier: string, exists: (path: string) => boolean, options: ResolveOptions = {}): string | null {
  const bare = specifier.replace(/[?#].*$/, '');
  const joined = posix.normalize(posix.join(posix.dirname(fromPath), bare));
  if (joined.startsWith('../') || joined === '..' || posix.isAbsolute(joined)) return null;
  const base = joined.replace(/^\.\//, '').replace(/\/$/, '');
  const extensions = options.typeOnly ? [...EXTENSIONS, ...TYPE_ONLY_EXTENSIONS] : EXTENSIONS;
  const candidates = [base, ...extensions.map((e) => base + e), ...extensions.map((e) => `${base}/index${e}`)];
  const js = /\.(m?js|jsx)$/.exec(base);
  if (js) {
    const stem = base.slice(0, -js[0].length);
    candidates.push(`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`);
  }
  return candidates.find((c) => c && exists(c)) ?? null;
}
