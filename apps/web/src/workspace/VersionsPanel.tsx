import type { DiffEntry, NewVersionView, VersionSource, VersionView } from '@studio/contracts';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';

const SOURCE: Record<VersionSource, string> = { template: 'Template', ai: 'AI', user: 'Edit', restore: 'Restore' };

/** A unified diff, its added and removed lines marked. */
function Diff({ rows }: { rows: DiffEntry[] }) {
  if (!rows.length) return <p className="muted">No differences.</p>;
  return (
    <div className="diff">
      {rows.map((r) => (
        <details key={r.path} open={rows.length < 4}>
          <summary>
            <code>{r.path}</code> <span className="muted">{r.action}</span>
          </summary>
          {r.patch === null ? (
            // The API sends no text diff for a binary file or a rename that changed nothing inside.
            <p className="muted">{r.binary ? 'Binary file.' : 'No changes inside the file.'}</p>
          ) : (
            <pre>
              {r.patch.split('\n').map((line, i) => (
                <span key={i} className={line.startsWith('+') && !line.startsWith('+++') ? 'add' : line.startsWith('-') && !line.startsWith('---') ? 'del' : undefined}>
                  {line}
                  {'\n'}
                </span>
              ))}
            </pre>
          )}
        </details>
      ))}
    </div>
  );
}

/** Every version of the project, newest first, with its diff against the one before and a one-click restore. */
export function VersionsPanel({ projectId, head, onRestored }: { projectId: string; head: number; onRestored: (version: number) => void }) {
  const [versions, setVersions] = useState<VersionView[] | null>(null);
  const [diff, setDiff] = useState<{ number: number; rows: DiffEntry[] } | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<VersionView[]>('GET', `/api/projects/${projectId}/versions`).then(setVersions, (e: unknown) => setError(errorMessage(e)));
  }, [projectId, head]);

  const showDiff = async (n: number) => {
    if (diff?.number === n) return setDiff(null);
    try {
      setDiff({ number: n, rows: await api<DiffEntry[]>('GET', `/api/projects/${projectId}/versions/${n}/diff`) });
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  const restore = async (n: number) => {
    setError(null);
    try {
      onRestored((await api<NewVersionView>('POST', `/api/projects/${projectId}/versions/${n}/restore`)).version);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <section className="versions panel" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <Alert message={error} />
      {!versions ? (
        <p className="muted">Loading…</p>
      ) : (
        <ol className="version-list">
          {versions.map((v, i) => (
            <li key={v.number} data-version={v.number}>
              <div className="version-row">
                <strong>v{v.number}</strong>
                <span className="pill">{SOURCE[v.source]}</span>
                <span className="grow muted" title={v.message}>
                  {v.message || `${v.changes.length} file${v.changes.length === 1 ? '' : 's'}`}
                </span>
                {v.number > 1 && (
                  <button type="button" className="button ghost small" onClick={() => showDiff(v.number)} aria-expanded={diff?.number === v.number}>
                    Diff
                  </button>
                )}
                {i > 0 && (
                  <button type="button" className="button small" onClick={() => restore(v.number)}>
                    Restore
                  </button>
                )}
              </div>
              {diff?.number === v.number && <Diff rows={diff.rows} />}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
