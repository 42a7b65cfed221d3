import type { DiffEntry } from '@studio/contracts';
import { againstOf, planDiff } from './diff-sides';

const entry = (e: Partial<DiffEntry>): DiffEntry => ({ action: 'write', path: 'src/App.tsx', binary: false, patch: '@@ -1,2 +1,2 @@\n-a\n+b\n', ...e });

describe('the sides of a diff', () => {
  it('reads a changed file at both versions', () => {
    expect(planDiff(entry({}), 7, 6)).toEqual({ kind: 'text', before: { path: 'src/App.tsx', version: 6 }, after: { path: 'src/App.tsx', version: 7 } });
  });

  it('reads a new file only at the version that made it', () => {
    const patch = '===================================================================\n--- a/src/New.tsx\n+++ b/src/New.tsx\n@@ -0,0 +1,3 @@\n+a\n+b\n+c\n';
    expect(planDiff(entry({ path: 'src/New.tsx', patch }), 7, 6)).toEqual({ kind: 'text', before: null, after: { path: 'src/New.tsx', version: 7 } });
  });

  it('reads a deleted file only before, and a renamed one under its old name', () => {
    expect(planDiff(entry({ action: 'delete' }), 7, 6)).toEqual({ kind: 'text', before: { path: 'src/App.tsx', version: 6 }, after: null });
    expect(planDiff(entry({ action: 'rename', from: 'src/Old.tsx' }), 7, 6)).toEqual({ kind: 'text', before: { path: 'src/Old.tsx', version: 6 }, after: { path: 'src/App.tsx', version: 7 } });
  });

  it('says in a line what binary files and renames with nothing changed inside are', () => {
    expect(planDiff(entry({ binary: true, patch: null, path: 'public/assets/logo.png' }), 7, 6)).toEqual({ kind: 'note', text: 'Binary file, changed.' });
    expect(planDiff(entry({ binary: true, patch: null, action: 'delete' }), 7, 6)).toEqual({ kind: 'note', text: 'Binary file, deleted.' });
    expect(planDiff(entry({ binary: true, patch: null, action: 'rename', from: 'a.png' }), 7, 6)).toEqual({ kind: 'note', text: 'Binary file, renamed from a.png.' });
    expect(planDiff(entry({ patch: null, action: 'rename', from: 'src/Old.tsx' }), 7, 6)).toEqual({ kind: 'note', text: 'Renamed from src/Old.tsx, nothing changed inside.' });
  });

  it('compares with the version before unless told otherwise', () => {
    expect(againstOf(7)).toBe(6);
    expect(againstOf(7, 2)).toBe(2);
  });
});
