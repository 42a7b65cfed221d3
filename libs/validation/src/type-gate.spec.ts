import type { TypeDiagnostic } from '@studio/typecheck';
import { FakeTypeChecker as FakeChecker } from './testing/fake-type-checker.js';
import { TypeGate, typeRefusal } from './type-gate.js';
import { WorkingTree } from './working-tree.js';

const diag = (file: string, code: number, breaksPage = true, line = 1): TypeDiagnostic => ({ file, line, column: 2, code, message: `m${code}`, breaksPage });

const tree = () => new WorkingTree(new Map([['src/App.tsx', Buffer.from('app // TS2304\n')]]));

describe('TypeGate', () => {
  it('checks only TS/JS files, and nothing without a checker', () => {
    expect(new TypeGate(tree(), new FakeChecker()).applies('src/a.tsx')).toBe(true);
    expect(new TypeGate(tree(), new FakeChecker()).applies('src/a.css')).toBe(false);
    expect(new TypeGate(tree(), undefined).applies('src/a.tsx')).toBe(false);
    expect(new TypeGate(tree(), undefined).newErrors(['src/App.tsx'], new Map([['src/App.tsx', undefined]]))).toEqual([]);
  });

  it('blames a write only for errors it adds, and leaves the tree as it found it', () => {
    const t = tree();
    const gate = new TypeGate(t, new FakeChecker());
    const before = t.bytesOf('src/App.tsx');
    t.write('src/App.tsx', Buffer.from('app // TS2304\n// TS2322\n'));
    expect(gate.newErrors(['src/App.tsx'], new Map([['src/App.tsx', before]])).map((d) => d.code)).toEqual([2322]);
    expect(t.text('src/App.tsx')).toBe('app // TS2304\n// TS2322\n');
  });

  it('counts repeats: a second copy of an error that was there once is new', () => {
    const t = tree();
    const gate = new TypeGate(t, new FakeChecker());
    const before = t.bytesOf('src/App.tsx');
    t.write('src/App.tsx', Buffer.from('app // TS2304\n// TS2304\n'));
    expect(gate.newErrors(['src/App.tsx'], new Map([['src/App.tsx', before]])).map((d) => d.code)).toEqual([2304]);
  });

  it('a new file has no previous errors, and does not re-check anything to find them', () => {
    const t = tree();
    const checker = new FakeChecker();
    const gate = new TypeGate(t, checker);
    t.write('src/New.tsx', Buffer.from('// TS2305\n'));
    expect(gate.newErrors(['src/New.tsx'], new Map([['src/New.tsx', undefined]])).map((d) => `${d.file}:${d.code}`)).toEqual(['src/New.tsx:2305']);
    expect(checker.calls).toEqual([['src/New.tsx']]);
  });

  it('keeps the latest warnings of each checked path and reports them as TYPE_WARNING', () => {
    const t = tree();
    const gate = new TypeGate(t, new FakeChecker());
    t.write('src/A.tsx', Buffer.from('// warn6133\n'));
    gate.newErrors(['src/A.tsx'], new Map([['src/A.tsx', undefined]]));
    expect(gate.warnings(['src/A.tsx', 'src/Other.tsx'])).toEqual([{ code: 'TYPE_WARNING', path: 'src/A.tsx', line: 1, column: 2, message: 'TS6133: m6133' }]);
  });
});

describe('typeRefusal', () => {
  it('points at the first error in the file itself, and lists up to five', () => {
    const errors = [diag('src/App.tsx', 1, true, 4), ...[2, 3, 4, 5, 6, 7].map((c) => diag('src/Hero.tsx', c, true, c))];
    const r = typeRefusal('src/Hero.tsx', errors);
    expect(r).toMatchObject({ line: 2, column: 2, tsCode: 2 });
    expect(r.message.split('\n')).toEqual([
      'src/Hero.tsx breaks other files of the page:',
      'src/App.tsx:4:2 TS1: m1',
      'src/Hero.tsx:2:2 TS2: m2',
      'src/Hero.tsx:3:2 TS3: m3',
      'src/Hero.tsx:4:2 TS4: m4',
      'src/Hero.tsx:5:2 TS5: m5',
      '...and 2 more',
    ]);
  });

  it('says "does not type-check" when every error is in the file, and uses the first error when none is', () => {
    expect(typeRefusal('src/A.tsx', [diag('src/A.tsx', 2304)]).message).toBe('src/A.tsx does not type-check:\nsrc/A.tsx:1:2 TS2304: m2304');
    expect(typeRefusal('src/A.tsx', [diag('src/B.tsx', 2322, true, 9)])).toMatchObject({ line: 9, tsCode: 2322 });
  });
});
