import type { DiffEntry } from '@studio/contracts';
import { lazy, Suspense, useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { Alert } from '../../ui/Alert';
import { againstOf, planDiff } from './diff-sides';
import type { DiffMode } from './FileDiff';
import './diff.css';

export interface DiffViewProps {
  projectId: string;
  /** The version whose changes are shown, against `against` (default: the version before it). */
  version: number;
  against?: number;
}

// CodeMirror's merge view loads with the first diff opened, not with every page.
const FileDiff = lazy(() => import('./FileDiff').then((m) => ({ default: m.FileDiff })));

const ACTION: Record<DiffEntry['action'], string> = { write: 'changed', delete: 'deleted', rename: 'renamed' };

/**
 * The files `version` changed against `against`, each highlighted in CodeMirror's merge view, side by side or
 * unified (one switch for all of them). Both sides' texts are read from the store (`…/files/raw?version`): the
 * API's patch only says which files changed and which are binary.
 */
export function DiffView({ projectId, version, against }: DiffViewProps) {
  const base = againstOf(version, against);
  const [entries, setEntries] = useState<DiffEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mode, setMode] = useState<DiffMode>('split');

  useEffect(() => {
    let live = true;
    setEntries(null);
    setError(null);
    api<DiffEntry[]>('GET', `/api/projects/${projectId}/versions/${version}/diff?against=${base}`).then(
      (rows) => live && setEntries(rows),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [projectId, version, base]);

  return (
    <div className="diff-view" data-version={version} data-against={base}>
      <div className="diff-toolbar">
        <span className="muted grow">
          Version {version} against version {base}
          {entries ? ` · ${entries.length} file${entries.length === 1 ? '' : 's'}` : ''}
        </span>
        <div className="diff-modes" role="group" aria-label="Diff layout">
          <button type="button" className="button small ghost" aria-pressed={mode === 'split'} onClick={() => setMode('split')}>
            Side by side
          </button>
          <button type="button" className="button small ghost" aria-pressed={mode === 'unified'} onClick={() => setMode('unified')}>
            Unified
          </button>
        </div>
      </div>
      <Alert message={error} />
      {!entries && !error && <p className="muted">Loading…</p>}
      {entries?.length === 0 && <p className="muted">No differences.</p>}
      {entries?.map((entry) => {
        const plan = planDiff(entry, version, base);
        return (
          <details key={entry.path} className="diff-file" open={entries.length <= 6} data-path={entry.path}>
            <summary>
              <code>{entry.path}</code> <span className="muted">{plan.kind === 'text' && !plan.before ? 'added' : ACTION[entry.action]}</span>
              {entry.from && <span className="muted"> from {entry.from}</span>}
            </summary>
            {plan.kind === 'note' ? (
              <p className="muted diff-note">{plan.text}</p>
            ) : (
              <Suspense fallback={<p className="muted diff-note">Loading…</p>}>
                <FileDiff projectId={projectId} path={entry.path} before={plan.before} after={plan.after} mode={mode} />
              </Suspense>
            )}
          </details>
        );
      })}
    </div>
  );
}
