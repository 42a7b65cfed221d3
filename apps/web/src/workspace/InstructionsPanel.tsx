// Stub (lead): INSTRUCTIONS replaces it with the editor of the project's standing instructions.
export interface InstructionsPanelProps {
  projectId: string;
  head: number;
  /** Saving made this version (the new head). */
  onSaved: (version: number) => void;
}

export function InstructionsPanel(_props: InstructionsPanelProps) {
  return <section className="instructions-panel" aria-label="Project instructions" />;
}
