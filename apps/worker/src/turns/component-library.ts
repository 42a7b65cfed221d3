/**
 * The section library the model can `insert` from (OUTPUT_FORMAT.md `action="insert"`). The library itself
 * arrives with the templates issue; until then it is empty and every insert is refused with COMPONENT_NOT_FOUND.
 */
export interface ComponentLibrary {
  /** The component's source, or null when there is no such id. */
  source(id: string): string | null;
  /** Ids close to an unknown one, best first. */
  suggest(id: string): string[];
}

export const EMPTY_LIBRARY: ComponentLibrary = { source: () => null, suggest: () => [] };
