import { posix } from 'node:path';

const EXTENSIONS = ['.ts', '.tsx', '.js', '.jsx', '.mjs', '.json', '.css'];

/**
 * The npm package a bare specifier names ('react-dom/client' → 'react-dom', '@scope/pkg/x' → '@scope/pkg'),
 * or null for what is not a package: relative and absolute paths, URLs, Vite's virtual and `/@` ids.
 * `node:` built-ins come back as themselves, so the caller refuses them like any missing package.
 */
export function packageNameOf(specifier: string): string | null {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#')) return null;
  if (/^[a-z][a-z0-9+.-]*:/i.test(specifier) && !specifier.startsWith('node:')) return null; // http:, data:, virtual:
  if (specifier.startsWith('node:')) return specifier.split('/')[0];
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? (parts.length >= 2 ? `${parts[0]}/${parts[1]}` : null) : parts[0];
}

/**
 * Resolves a relative import the way Vite does for a TypeScript project: the exact path, then with each
 * extension, then as a folder's index; a `.js` specifier may name a `.ts`/`.tsx` file. Returns the project
 * path, or null (also for a specifier that climbs out of the project).
 */
export function resolveRelativeImport(fromPath: string, specifier: string, exists: (path: string) => boolean): string | null {
  const bare = specifier.replace(/[?#].*$/, '');
  const joined = posix.normalize(posix.join(posix.dirname(fromPath), bare));
  if (joined.startsWith('../') || joined === '..' || posix.isAbsolute(joined)) return null;
  const base = joined.replace(/^\.\//, '').replace(/\/$/, '');
  const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...EXTENSIONS.map((e) => `${base}/index${e}`)];
  const js = /\.(m?js|jsx)$/.exec(base);
  if (js) {
    const stem = base.slice(0, -js[0].length);
    candidates.push(`${stem}.ts`, `${stem}.tsx`, `${stem}.mts`);
  }
  return candidates.find((c) => c && exists(c)) ?? null;
}
