import type { AcceptedChange } from './accepted-change.js';
import { acceptedWrite } from './accepted-change.js';
import { RefusalLog } from './refusals.js';
import { Removals } from './removals.js';
import { WorkingTree } from './working-tree.js';

const setup = () => {
  const tree = new WorkingTree(
    new Map([
      ['src/App.tsx', Buffer.from("import Hero from './Hero';\nexport default Hero;\n")],
      ['src/Hero.tsx', Buffer.from('export default 1;\n')],
      ['src/Old.tsx', Buffer.from('export default 2;\n')],
    ]),
  );
  const accepted: AcceptedChange[] = [];
  const log = new RefusalLog(accepted);
  return { tree, accepted, log, removals: new Removals(tree, accepted, log) };
};

describe('Removals', () => {
  it('undoes a delete an importer still needs, restoring its bytes, and keeps one nobody imports', () => {
    const { tree, accepted, removals } = setup();
    removals.delete('src/Hero.tsx');
    removals.delete('src/Old.tsx');
    const refused = removals.undoBreaking();
    expect(refused).toEqual([{ action: 'delete', path: 'src/Hero.tsx', code: 'IMPORT_BROKEN', message: 'src/App.tsx line 1 still imports src/Hero.tsx; it was kept.' }]);
    expect(tree.text('src/Hero.tsx')).toBe('export default 1;\n');
    expect(tree.has('src/Old.tsx')).toBe(false);
    expect(accepted.map((a) => `${a.view.action}:${a.view.path}`)).toEqual(['delete:src/Old.tsx']);
  });

  it('undoes a rename that leaves an importer behind, moving the file back', () => {
    const { tree, removals, log } = setup();
    removals.rename('src/Hero.tsx', 'src/sections/Hero.tsx');
    expect(removals.undoBreaking().map((r) => [r.code, r.path, r.from])).toEqual([['IMPORT_BROKEN', 'src/sections/Hero.tsx', 'src/Hero.tsx']]);
    expect(tree.has('src/Hero.tsx')).toBe(true);
    expect(tree.has('src/sections/Hero.tsx')).toBe(false);
    expect(log.standing().map((r) => r.code)).toEqual(['IMPORT_BROKEN']);
  });

  it('does not undo a removal a later change of the reply built on', () => {
    const { tree, accepted, removals } = setup();
    removals.delete('src/Hero.tsx');
    // A later write of the same path: undoing the delete would throw that write away.
    accepted.push(acceptedWrite('src/Hero.tsx', Buffer.from('export default 3;\n')));
    tree.write('src/Hero.tsx', Buffer.from('export default 3;\n'));
    tree.delete('src/Hero.tsx');
    expect(removals.undoBreaking()).toEqual([]);
    expect(tree.has('src/Hero.tsx')).toBe(false);
  });

  it('has nothing to check when the reply removed nothing', () => {
    expect(setup().removals.undoBreaking()).toEqual([]);
  });
});
