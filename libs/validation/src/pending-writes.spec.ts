import type { AcceptedChange } from './accepted-change.js';
import { knockedOutBy, PendingWrites } from './pending-writes.js';
import { FakeTypeChecker } from './testing/fake-type-checker.js';
import { TypeGate } from './type-gate.js';
import { WorkingTree } from './working-tree.js';

const setup = (files: Record<string, string> = {}) => {
  const tree = new WorkingTree(new Map(Object.entries(files).map(([p, c]) => [p, Buffer.from(c)])));
  const accepted: AcceptedChange[] = [];
  const pending = new PendingWrites(tree, new TypeGate(tree, new FakeTypeChecker()), accepted);
  return { tree, accepted, pending, landed: () => accepted.map((a) => a.view.path) };
};
const bytes = (s: string) => Buffer.from(s);
const ref = (specifier: string, line = 1) => ({ specifier, line, kind: 'static' as const });

describe('PendingWrites', () => {
  it('lands a write that type-checks, and keeps one that does not out of the tree', () => {
    const { tree, pending, landed } = setup({ 'src/A.tsx': 'old' });
    pending.offer('src/B.tsx', bytes('ok'), 'write');
    pending.offer('src/A.tsx', bytes('// TS2322'), 'patch');
    expect(landed()).toEqual(['src/B.tsx']);
    expect(tree.text('src/A.tsx')).toBe('old');
    expect(pending.get('src/A.tsx')).toMatchObject({ action: 'patch', unresolved: [], typeErrors: [{ code: 2322 }], triedAt: 1 });
  });

  it('releases a write held for its imports once they exist, in the same step as the import lands', () => {
    const { tree, pending, landed } = setup();
    pending.waitForImports('src/Card.tsx', bytes('card'), 'write', [ref('./Badge')]);
    pending.release();
    expect(landed()).toEqual([]);
    pending.offer('src/Badge.tsx', bytes('badge'), 'write');
    expect(landed()).toEqual(['src/Badge.tsx', 'src/Card.tsx']);
    expect(tree.has('src/Card.tsx')).toBe(true);
    expect(pending.entries()).toEqual([]);
  });

  it('retries a write with type errors only after something new landed', () => {
    const { pending, accepted, landed } = setup();
    pending.offer('src/A.tsx', bytes('// TS2322'), 'write');
    const held = pending.get('src/A.tsx')!;
    pending.release();
    expect(held.triedAt).toBe(accepted.length);
    // The fake checker reads the content: the retry fails the same way, but was made (triedAt moved on).
    pending.offer('src/B.tsx', bytes('ok'), 'write');
    expect(landed()).toEqual(['src/B.tsx']);
    expect(pending.get('src/A.tsx')!.triedAt).toBe(1);
  });

  it('tries the writes held for type errors as one group, dropping those still broken', () => {
    const { pending, landed } = setup();
    pending.offer('src/A.tsx', bytes('// TS2322'), 'write');
    pending.offer('src/B.tsx', bytes('// TS2741'), 'write');
    pending.offer('src/C.tsx', bytes('ok'), 'write');
    expect(landed()).toEqual(['src/C.tsx']);
    pending.acceptTogether();
    // Both still break on their own content: the group shrinks to nothing and neither lands.
    expect(landed()).toEqual(['src/C.tsx']);
    expect(pending.entries().map(([p]) => p)).toEqual(['src/A.tsx', 'src/B.tsx']);
  });

  it('lands two writes that type-check only together, and then what waited on them', () => {
    const { pending, landed } = setup();
    pending.offer('src/Hero.tsx', bytes('// TS2322 unless src/App.tsx'), 'write');
    pending.offer('src/App.tsx', bytes('// TS2741 unless src/Hero.tsx'), 'write');
    pending.waitForImports('src/Page.tsx', bytes('page'), 'write', [ref('./App')]);
    expect(landed()).toEqual([]);
    pending.acceptTogether();
    expect(landed()).toEqual(['src/Hero.tsx', 'src/App.tsx', 'src/Page.tsx']);
    expect(pending.entries()).toEqual([]);
  });
});

describe('knockedOutBy', () => {
  it('names the refused file an unresolved import would have been', () => {
    const p = { content: bytes(''), action: 'write' as const, unresolved: [ref('./Footer.js')], typeErrors: [], triedAt: 0 };
    expect(knockedOutBy('src/App.tsx', p, new Set(['src/Footer.tsx']))).toBe('src/Footer.tsx');
    expect(knockedOutBy('src/App.tsx', p, new Set(['src/Other.tsx']))).toBeUndefined();
  });

  it('names a refused file a write with type errors imports, but never the write itself', () => {
    const content = bytes("import Hero from './Hero';\nimport App from './App';\nexport default 1;\n");
    const p = { content, action: 'write' as const, unresolved: [], typeErrors: [{ file: 'src/App.tsx', line: 1, column: 1, code: 2322, message: 'x', breaksPage: true }], triedAt: 0 };
    expect(knockedOutBy('src/App.tsx', p, new Set(['src/App.tsx']))).toBeUndefined();
    expect(knockedOutBy('src/App.tsx', p, new Set(['src/App.tsx', 'src/Hero.tsx']))).toBe('src/Hero.tsx');
  });
});
