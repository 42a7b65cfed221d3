import { resolveRelativeImport } from '@studio/imports';

/** Relative imports of a source file, resolved to project paths (the files it needs to make sense). */
const SPECIFIERS =
  /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|import\s*['"](\.{1,2}\/[^'"]+)['"]|@import\s+(?:url\()?['"](\.{1,2}\/[^'"]+)['"]/g;

/**
 * Finds the specifiers with a light scan (ranking runs before every model call, so it does not parse), then resolves each with the validator's own rule (`@studio/imports`): a file the ranker calls
 * imported is the file the validator checks the import against.
 */
export function relativeImports(fromPath: string, source: string, exists: (path: string) => boolean): string[] {
  const found = new Set<string>();
  for (const m of source.matchAll(SPECIFIERS)) {
    const hit = resolveRelativeImport(fromPath, m[1] ?? m[2] ?? m[3] ?? m[4], exists);
    if (hit) found.add(hit);
  }
  return [...found];
}
