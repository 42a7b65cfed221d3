import { StudioError } from '@studio/contracts';
import type { Manifest } from '@studio/data';
import { DEFAULT_FILE_LIMITS } from './limits.js';
import { applyChanges, compareManifests } from './manifest.js';

const e = (sha256: string, size = 1) => ({ sha256, size });
const codeOf = (fn: () => unknown) => {
  try {
    fn();
    return 'OK';
  } catch (err) {
    if (!(err instanceof StudioError)) throw err;
    return err.code;
  }
};

describe('applyChanges', () => {
  const base: Manifest = { 'src/A.tsx': e('a'), 'src/B.tsx': e('b') };

  it('applies writes, deletes and renames in order without touching the base', () => {
    const next = applyChanges(
      base,
      [
        { action: 'write', path: 'src/A.tsx', sha256: 'a2', size: 2 },
        { action: 'rename', from: 'src/A.tsx', path: 'src/C.tsx' },
        { action: 'delete', path: 'src/B.tsx' },
        { action: 'write', path: 'src/D.tsx', sha256: 'd', size: 1 },
      ],
      DEFAULT_FILE_LIMITS,
    );
    expect(next).toEqual({ 'src/C.tsx': e('a2', 2), 'src/D.tsx': e('d') });
    expect(base).toEqual({ 'src/A.tsx': e('a'), 'src/B.tsx': e('b') });
  });

  it('refuses a delete or rename of a missing file, a rename onto a file, bad paths and limits', () => {
    const L = DEFAULT_FILE_LIMITS;
    expect(codeOf(() => applyChanges(base, [{ action: 'delete', path: 'src/X.tsx' }], L))).toBe('FILE_NOT_FOUND');
    expect(codeOf(() => applyChanges(base, [{ action: 'rename', from: 'src/X.tsx', path: 'src/Y.tsx' }], L))).toBe('FILE_NOT_FOUND');
    expect(codeOf(() => applyChanges(base, [{ action: 'rename', from: 'src/A.tsx', path: 'src/B.tsx' }], L))).toBe('PATH_EXISTS');
    expect(codeOf(() => applyChanges(base, [{ action: 'rename', from: 'src/A.tsx', path: '../B.tsx' }], L))).toBe('PATH_TRAVERSAL');
    expect(codeOf(() => applyChanges(base, [{ action: 'write', path: 'a.ts', sha256: 'x', size: L.maxFileBytes + 1 }], L))).toBe('FILE_TOO_LARGE');
    expect(codeOf(() => applyChanges(base, [{ action: 'write', path: 'a.ts', sha256: 'x', size: 5 }], { ...L, maxFiles: 2 }))).toBe('PROJECT_TOO_MANY_FILES');
    expect(codeOf(() => applyChanges(base, [{ action: 'write', path: 'a.ts', sha256: 'x', size: 5 }], { ...L, maxProjectBytes: 6 }))).toBe('PROJECT_TOO_LARGE');
  });
});

describe('compareManifests', () => {
  it('reports writes, deletes, and renames by identical content', () => {
    const from: Manifest = { 'a.ts': e('1'), 'b.ts': e('2'), 'c.ts': e('3') };
    const to: Manifest = { 'a.ts': e('1b'), 'moved/b.ts': e('2'), 'd.ts': e('4') };
    expect(compareManifests(from, to)).toEqual([
      { action: 'write', path: 'a.ts', before: '1', after: '1b' },
      { action: 'delete', path: 'c.ts', before: '3' },
      { action: 'write', path: 'd.ts', after: '4' },
      { action: 'rename', path: 'moved/b.ts', from: 'b.ts', before: '2', after: '2' },
    ]);
    expect(compareManifests(to, to)).toEqual([]);
  });
});
