// Stub (lead): CODE-VIEW replaces it with the file tree and the editor; the props are the contract WorkspacePage mounts it with.
export interface CodePanelProps {
  projectId: string;
  /** The project's head as the page knows it. */
  head: number;
  /** The version whose files are shown; null shows the head (editable). An older version is read-only. */
  version: number | null;
  /** A save made this version (the new head). */
  onSaved: (version: number) => void;
}

export function CodePanel(_props: CodePanelProps) {
  return <section className="code-panel" aria-label="Code" />;
}
