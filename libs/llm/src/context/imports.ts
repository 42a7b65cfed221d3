/** Relative imports of a source file, resolved to project paths (the files it needs to make sense). */
const SPECIFIERS = /(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|import\s*\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)|import\s*['"](\.{1,2}\/[^'"]+)['"]|@import\s+(?:url\()?['"](\.{1,2}\/[^'"]+)['"]/g;
const CANDIDATE_SUFFIXES = ['', '.tsx', '.ts', '.jsx', '.js', '.css', '/index.tsx', '/index.ts', '/index.jsx', '/index.js'];

export function relativeImports(fromPath: string, source: string, exists: (path: string) => boolean): string[] {
  const dir = fromPath.includes('/') ? fromPath.slice(0, fromPath.lastIndexOf('/')) : '';
  const found = new Set<string>();
  for (const m of source.matchAll(SPECIFIERS)) {
    const spec = m[1] ?? m[2] ?? m[3] ?? m[4];
    const base = normalise(dir ? `${dir}/${spec}` : spec);
    if (base === null) continue;
    const hit = CANDIDATE_SUFFIXES.map((s) => base + s).find(exists);
    if (hit) found.add(hit);
  }
  return [...found];
}

function normalise(path: string): string | null {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (!out.length) return null; // outside the project
      out.pop();
    } else out.push(seg);
  }
  return out.join('/');
}
