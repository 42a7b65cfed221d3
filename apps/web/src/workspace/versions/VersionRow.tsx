import type { VersionSource, VersionView } from '@studio/contracts';
import { useEffect, useRef } from 'react';
import { DiffView } from '../diff/DiffView';
import { VersionNameForm } from './VersionNameForm';

const SOURCE: Record<VersionSource, string> = { template: 'Template', ai: 'AI', user: 'Edit', restore: 'Restore' };

export interface VersionRowProps {
  projectId: string;
  version: VersionView;
  isHead: boolean;
  diffOpen: boolean;
  naming: boolean;
  toggleDiff: () => void;
  startNaming: () => void;
  stopNaming: () => void;
  saveName: (name: string | null) => Promise<void>;
  restore: () => void;
  onView?: (version: number) => void;
}

/** One version: its number, what made it, its name (a checkpoint) or message, and what can be done with it. */
export function VersionRow({ projectId, version: v, isHead, diffOpen, naming, toggleDiff, startNaming, stopNaming, saveName, restore, onView }: VersionRowProps) {
  const nameButton = useRef<HTMLButtonElement>(null);
  const wasNaming = useRef(false);
  // Back to the Name button when the field closes, so the keyboard does not lose its place in the list.
  useEffect(() => {
    if (wasNaming.current && !naming) nameButton.current?.focus();
    wasNaming.current = naming;
  }, [naming]);
  const summary = v.message || `${v.changes.length} file${v.changes.length === 1 ? '' : 's'}`;

  return (
    <li data-version={v.number} data-named={v.name ? true : undefined} className={v.name ? 'named' : undefined}>
      <div className="version-row">
        <strong>v{v.number}</strong>
        <span className="pill">{SOURCE[v.source]}</span>
        {v.name ? (
          <span className="grow version-label" title={v.message}>
            <span className="version-name">
              <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
                <path d="M4 2h8a1 1 0 0 1 1 1v11l-5-3-5 3V3a1 1 0 0 1 1-1z" fill="currentColor" />
              </svg>
              {v.name}
            </span>
            <span className="muted"> · {summary}</span>
          </span>
        ) : (
          <span className="grow muted" title={v.message}>
            {summary}
          </span>
        )}
        {isHead && <span className="pill good">Current</span>}
      </div>
      {naming ? (
        <VersionNameForm number={v.number} initial={v.name ?? ''} save={saveName} close={stopNaming} />
      ) : (
        <div className="version-actions">
          <button ref={nameButton} type="button" className="button ghost small" onClick={startNaming} aria-label={`${v.name ? 'Rename' : 'Name'} version ${v.number}`}>
            {v.name ? 'Rename' : 'Name'}
          </button>
          {v.number > 1 && (
            <button type="button" className="button ghost small" onClick={toggleDiff} aria-expanded={diffOpen}>
              Diff
            </button>
          )}
          {onView && (
            <button type="button" className="button ghost small" onClick={() => onView(v.number)} aria-label={`View the files of version ${v.number}`}>
              Files
            </button>
          )}
          {!isHead && (
            <button type="button" className="button small" onClick={restore}>
              Restore
            </button>
          )}
        </div>
      )}
      {diffOpen && (
        <div className="version-diff">
          <DiffView projectId={projectId} version={v.number} />
        </div>
      )}
    </li>
  );
}
