import { buildTree, foldersOf, type TreeNode, treeKey, visibleRows } from './file-tree';

const files = [
  'src/components/Hero.tsx',
  'index.html',
  'src/App.tsx',
  'src/components/Faq.tsx',
  'package.json',
  'public/assets/logo.png',
  'src/index.css',
  'src/components/Item10.tsx',
  'src/components/Item9.tsx',
].map((path) => ({ path, size: path.length }));

const names = (nodes: readonly TreeNode[]) => nodes.map((n) => (n.kind === 'folder' ? `${n.name}/` : n.name));

describe('the file tree', () => {
  it('nests files under their folders, folders first, names in reading order', () => {
    const tree = buildTree(files);
    expect(names(tree)).toEqual(['public/', 'src/', 'index.html', 'package.json']);
    const src = tree[1];
    if (src.kind !== 'folder') throw new Error('src is a folder');
    expect(src.path).toBe('src');
    expect(names(src.children)).toEqual(['components/', 'App.tsx', 'index.css']);
    const components = src.children[0];
    if (components.kind !== 'folder') throw new Error('components is a folder');
    expect(components.path).toBe('src/components');
    // Numbers in names sort as numbers: Item9 before Item10.
    expect(names(components.children)).toEqual(['Faq.tsx', 'Hero.tsx', 'Item9.tsx', 'Item10.tsx']);
    expect(components.children[1]).toEqual({ kind: 'file', name: 'Hero.tsx', path: 'src/components/Hero.tsx', size: 'src/components/Hero.tsx'.length });
  });

  it('shows only what open folders hold, each row with its depth and folder', () => {
    const tree = buildTree(files);
    expect(visibleRows(tree, new Set()).map((r) => r.node.path)).toEqual(['public', 'src', 'index.html', 'package.json']);
    const rows = visibleRows(tree, new Set(['src', 'src/components']));
    expect(rows.map((r) => `${r.level} ${r.node.path}`)).toEqual([
      '1 public',
      '1 src',
      '2 src/components',
      '3 src/components/Faq.tsx',
      '3 src/components/Hero.tsx',
      '3 src/components/Item9.tsx',
      '3 src/components/Item10.tsx',
      '2 src/App.tsx',
      '2 src/index.css',
      '1 index.html',
      '1 package.json',
    ]);
    expect(rows[3].parent).toBe('src/components');
    expect(rows[0].parent).toBeNull();
    // A closed folder hides its open subfolders too.
    expect(visibleRows(tree, new Set(['src/components'])).some((r) => r.node.path.startsWith('src/'))).toBe(false);
  });

  it('names the folders to open to show a file', () => {
    expect(foldersOf('src/components/Hero.tsx')).toEqual(['src', 'src/components']);
    expect(foldersOf('index.html')).toEqual([]);
  });
});

describe('the tree keys', () => {
  const tree = buildTree(files);
  const expanded = new Set(['src']);
  const rows = visibleRows(tree, expanded);

  it('moves between visible rows with the arrows, Home and End', () => {
    expect(treeKey(rows, 'src', 'ArrowDown', expanded)).toEqual({ kind: 'focus', path: 'src/components' });
    expect(treeKey(rows, 'src/components', 'ArrowUp', expanded)).toEqual({ kind: 'focus', path: 'src' });
    expect(treeKey(rows, 'public', 'ArrowUp', expanded)).toBeNull();
    expect(treeKey(rows, 'package.json', 'ArrowDown', expanded)).toBeNull();
    expect(treeKey(rows, 'src/App.tsx', 'Home', expanded)).toEqual({ kind: 'focus', path: 'public' });
    expect(treeKey(rows, 'src/App.tsx', 'End', expanded)).toEqual({ kind: 'focus', path: 'package.json' });
  });

  it('opens a closed folder to the right, then steps into it; closes an open one to the left, then steps out', () => {
    expect(treeKey(rows, 'src/components', 'ArrowRight', expanded)).toEqual({ kind: 'expand', path: 'src/components' });
    expect(treeKey(rows, 'src', 'ArrowRight', expanded)).toEqual({ kind: 'focus', path: 'src/components' });
    expect(treeKey(rows, 'src', 'ArrowLeft', expanded)).toEqual({ kind: 'collapse', path: 'src' });
    expect(treeKey(rows, 'src/App.tsx', 'ArrowLeft', expanded)).toEqual({ kind: 'focus', path: 'src' });
    expect(treeKey(rows, 'index.html', 'ArrowLeft', expanded)).toBeNull();
    expect(treeKey(rows, 'index.html', 'ArrowRight', expanded)).toBeNull();
  });

  it('opens a file with Enter or Space and toggles a folder', () => {
    expect(treeKey(rows, 'src/App.tsx', 'Enter', expanded)).toEqual({ kind: 'open', path: 'src/App.tsx' });
    expect(treeKey(rows, 'src/App.tsx', ' ', expanded)).toEqual({ kind: 'open', path: 'src/App.tsx' });
    expect(treeKey(rows, 'src', 'Enter', expanded)).toEqual({ kind: 'collapse', path: 'src' });
    expect(treeKey(rows, 'public', 'Enter', expanded)).toEqual({ kind: 'expand', path: 'public' });
  });

  it('leaves other keys alone and puts a lost focus on the first row', () => {
    expect(treeKey(rows, 'src', 'a', expanded)).toBeNull();
    expect(treeKey(rows, 'gone.ts', 'ArrowDown', expanded)).toEqual({ kind: 'focus', path: 'public' });
  });
});
