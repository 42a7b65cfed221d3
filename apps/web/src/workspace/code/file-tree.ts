/**
 * The code view's file tree as pure data: built from the flat paths of a version, flattened into the rows a
 * person can see (folders they opened), and moved through with the keys of a WAI-ARIA tree. No DOM here, so
 * the rules are unit-tested alone.
 */

export interface TreeFolder {
  kind: 'folder';
  name: string;
  /** The folder's path from the project root, without a trailing slash. */
  path: string;
  children: TreeNode[];
}

export interface TreeFile {
  kind: 'file';
  name: string;
  path: string;
  size: number;
}

export type TreeNode = TreeFolder | TreeFile;

/** One visible line of the tree: a node, how deep it is (1 = the root's children) and the folder holding it. */
export interface TreeRow {
  node: TreeNode;
  level: number;
  parent: string | null;
}

/** Folders first, then files, each by name as a person reads them (case-insensitive, numbers in order). */
const byKindThenName = (a: TreeNode, b: TreeNode) => (a.kind === b.kind ? a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: 'base' }) : a.kind === 'folder' ? -1 : 1);

/** The tree of a version's files (paths use `/`, as the store's path rules require). */
export function buildTree(files: readonly { path: string; size: number }[]): TreeNode[] {
  const root: TreeFolder = { kind: 'folder', name: '', path: '', children: [] };
  const folders = new Map<string, TreeFolder>([['', root]]);
  const folderAt = (path: string): TreeFolder => {
    const known = folders.get(path);
    if (known) return known;
    const cut = path.lastIndexOf('/');
    const folder: TreeFolder = { kind: 'folder', name: path.slice(cut + 1), path, children: [] };
    folderAt(cut < 0 ? '' : path.slice(0, cut)).children.push(folder);
    folders.set(path, folder);
    return folder;
  };
  for (const { path, size } of files) {
    const cut = path.lastIndexOf('/');
    folderAt(cut < 0 ? '' : path.slice(0, cut)).children.push({ kind: 'file', name: path.slice(cut + 1), path, size });
  }
  for (const folder of folders.values()) folder.children.sort(byKindThenName);
  return root.children;
}

/** The rows on screen: every node whose folders are all expanded, in reading order. */
export function visibleRows(tree: readonly TreeNode[], expanded: ReadonlySet<string>): TreeRow[] {
  const rows: TreeRow[] = [];
  const walk = (nodes: readonly TreeNode[], level: number, parent: string | null) => {
    for (const node of nodes) {
      rows.push({ node, level, parent });
      if (node.kind === 'folder' && expanded.has(node.path)) walk(node.children, level + 1, node.path);
    }
  };
  walk(tree, 1, null);
  return rows;
}

/** The folders that hold a path (`src/components/Hero.tsx` → `src`, `src/components`): opened to show it. */
export function foldersOf(path: string): string[] {
  const parts = path.split('/').slice(0, -1);
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** What a key does in the tree: move the focus, open or close a folder, or open a file. */
export type TreeAction = { kind: 'focus'; path: string } | { kind: 'expand'; path: string } | { kind: 'collapse'; path: string } | { kind: 'open'; path: string } | null;

/**
 * The WAI-ARIA tree keys (the ARIA Authoring Practices' tree view pattern): up and down move between visible rows, Home and End to
 * the first and last, right opens a closed folder or steps into an open one, left closes an open folder or steps
 * out to its parent, Enter and Space open a file or toggle a folder. Null: the key is not the tree's.
 */
export function treeKey(rows: readonly TreeRow[], focused: string, key: string, expanded: ReadonlySet<string>): TreeAction {
  const at = rows.findIndex((r) => r.node.path === focused);
  if (at < 0) return rows.length ? { kind: 'focus', path: rows[0].node.path } : null;
  const row = rows[at];
  const isOpenFolder = row.node.kind === 'folder' && expanded.has(row.node.path);
  switch (key) {
    case 'ArrowDown':
      return at + 1 < rows.length ? { kind: 'focus', path: rows[at + 1].node.path } : null;
    case 'ArrowUp':
      return at > 0 ? { kind: 'focus', path: rows[at - 1].node.path } : null;
    case 'Home':
      return { kind: 'focus', path: rows[0].node.path };
    case 'End':
      return { kind: 'focus', path: rows[rows.length - 1].node.path };
    case 'ArrowRight':
      if (row.node.kind !== 'folder') return null;
      if (!isOpenFolder) return { kind: 'expand', path: row.node.path };
      return row.node.children.length ? { kind: 'focus', path: rows[at + 1].node.path } : null;
    case 'ArrowLeft':
      if (isOpenFolder) return { kind: 'collapse', path: row.node.path };
      return row.parent === null ? null : { kind: 'focus', path: row.parent };
    case 'Enter':
    case ' ':
      if (row.node.kind === 'file') return { kind: 'open', path: row.node.path };
      return isOpenFolder ? { kind: 'collapse', path: row.node.path } : { kind: 'expand', path: row.node.path };
    default:
      return null;
  }
}
