import type { FileEntry } from '@studio/contracts';
import { type KeyboardEvent, useMemo, useRef, useState } from 'react';
import { buildTree, treeKey, visibleRows } from './file-tree';

export interface FileTreeProps {
  files: readonly FileEntry[];
  expanded: ReadonlySet<string>;
  setExpanded: (update: (expanded: ReadonlySet<string>) => ReadonlySet<string>) => void;
  /** The file open in the editor (shown selected). */
  openPath: string | null;
  onOpen: (path: string) => void;
}

/**
 * The files of the version shown, as an ARIA tree: one tab stop (the focused row), arrows to move and to open
 * or close folders, Enter or Space to open a file. The rules are file-tree.ts's.
 */
export function FileTree({ files, expanded, setExpanded, openPath, onOpen }: FileTreeProps) {
  const tree = useMemo(() => buildTree(files), [files]);
  const rows = visibleRows(tree, expanded);
  const [focused, setFocused] = useState<string | null>(null);
  const items = useRef(new Map<string, HTMLLIElement>());
  // The row that takes the tab stop: the one last focused while it is still visible, else the open file, else the first.
  const current = rows.find((r) => r.node.path === focused)?.node.path ?? rows.find((r) => r.node.path === openPath)?.node.path ?? rows[0]?.node.path ?? null;

  const toggle = (path: string, open: boolean) =>
    setExpanded((e) => {
      const next = new Set(e);
      if (open) next.add(path);
      else next.delete(path);
      return next;
    });

  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    if (!current) return;
    const action = treeKey(rows, current, event.key, expanded);
    if (!action) return;
    event.preventDefault();
    switch (action.kind) {
      case 'focus':
        setFocused(action.path);
        items.current.get(action.path)?.focus();
        return;
      case 'expand':
        return toggle(action.path, true);
      case 'collapse':
        return toggle(action.path, false);
      case 'open':
        return onOpen(action.path);
    }
  };

  return (
    <ul className="file-tree" role="tree" aria-label="Files" onKeyDown={onKeyDown}>
      {rows.map(({ node, level }) => {
        const isFolder = node.kind === 'folder';
        const open = isFolder && expanded.has(node.path);
        return (
          <li
            key={node.path}
            ref={(el) => {
              if (el) items.current.set(node.path, el);
              else items.current.delete(node.path);
            }}
            role="treeitem"
            aria-level={level}
            aria-expanded={isFolder ? open : undefined}
            aria-selected={!isFolder && node.path === openPath}
            tabIndex={node.path === current ? 0 : -1}
            data-path={node.path}
            data-kind={node.kind}
            className="file-tree-item"
            // React sets style through the CSSOM, which the client's CSP allows.
            style={{ paddingInlineStart: `${0.4 + (level - 1) * 0.85}rem` }}
            onFocus={() => setFocused(node.path)}
            onClick={() => (isFolder ? toggle(node.path, !open) : onOpen(node.path))}
          >
            <span className="file-tree-icon" aria-hidden="true">
              {isFolder ? (open ? '▾' : '▸') : '·'}
            </span>
            <span className="file-tree-name">{node.name}</span>
          </li>
        );
      })}
    </ul>
  );
}
