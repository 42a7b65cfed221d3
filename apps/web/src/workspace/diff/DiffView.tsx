// Stub (lead): CODE-VIEW replaces it with the highlighted side-by-side / unified diff; VersionsPanel mounts it.
export interface DiffViewProps {
  projectId: string;
  /** The version whose changes are shown, against `against` (default: the version before it). */
  version: number;
  against?: number;
}

export function DiffView(_props: DiffViewProps) {
  return <div className="diff-view" />;
}
