import { WorkingTree } from './working-tree.js';

const tree = () =>
  new WorkingTree(
    new Map([
      ['src/App.tsx', Buffer.from('app')],
      ['src/a.css', Buffer.from('.a{}')],
    ]),
  );

describe('WorkingTree', () => {
  it('starts as a copy of the base version, with its size', () => {
    const base = new Map([['src/App.tsx', Buffer.from('app')]]);
    const t = new WorkingTree(base);
    t.write('src/New.tsx', Buffer.from('new'));
    expect(base.has('src/New.tsx')).toBe(false);
    expect(t.count).toBe(2);
    expect(t.bytes).toBe(6);
  });

  it('keeps the byte count through writes, overwrites, deletes and renames', () => {
    const t = tree();
    expect(t.bytes).toBe(7);
    t.write('src/App.tsx', Buffer.from('longer app'));
    expect(t.bytes).toBe(14);
    t.delete('src/a.css');
    expect(t.bytes).toBe(10);
    t.rename('src/App.tsx', 'src/Main.tsx');
    expect(t.bytes).toBe(10);
    expect(t.paths()).toEqual(['src/Main.tsx']);
    expect(t.text('src/Main.tsx')).toBe('longer app');
  });

  it('says what the project would weigh after a write, without writing', () => {
    const t = tree();
    expect(t.bytesAfterWrite('src/App.tsx', 10)).toBe(14);
    expect(t.bytesAfterWrite('src/New.tsx', 5)).toBe(12);
    expect(t.bytes).toBe(7);
  });

  it('answers undefined for a missing file, and ignores a delete or rename of one', () => {
    const t = tree();
    expect(t.text('src/Missing.tsx')).toBeUndefined();
    expect(t.bytesOf('src/Missing.tsx')).toBeUndefined();
    t.delete('src/Missing.tsx');
    t.rename('src/Missing.tsx', 'src/Other.tsx');
    expect(t.paths().sort()).toEqual(['src/App.tsx', 'src/a.css']);
    expect(t.bytes).toBe(7);
  });

  it('has() works detached, as the resolver calls it', () => {
    const { has } = tree();
    expect(has('src/App.tsx')).toBe(true);
    expect(has('src/B.tsx')).toBe(false);
  });

  it('snapshot() is the live tree, not a copy', () => {
    const t = tree();
    const snap = t.snapshot();
    t.write('src/B.tsx', Buffer.from('b'));
    expect(snap.has('src/B.tsx')).toBe(true);
  });
});
