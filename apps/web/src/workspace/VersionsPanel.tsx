import type { NewVersionView, VersionView } from '@studio/contracts';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';
import { VersionRow } from './versions/VersionRow';
import { shownVersions, withVersion } from './versions/version-names';
import './versions/versions.css';

/** Typing in the filter asks the API once the person pauses, not once per key. */
const FILTER_PAUSE_MS = 250;

/**
 * Every version of the project, newest first: named checkpoints marked and findable (a filter over names and
 * messages, and "named only"), each version's diff against the one before, its files, and a one-click restore.
 */
export function VersionsPanel({ projectId, head, onRestored, onView }: { projectId: string; head: number; onRestored: (version: number) => void; onView?: (version: number) => void }) {
  const [versions, setVersions] = useState<VersionView[] | null>(null);
  const [query, setQuery] = useState('');
  const [q, setQ] = useState('');
  const [namedOnly, setNamedOnly] = useState(false);
  const [diff, setDiff] = useState<number | null>(null);
  const [naming, setNaming] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const t = setTimeout(() => setQ(query.trim()), FILTER_PAUSE_MS);
    return () => clearTimeout(t);
  }, [query]);

  useEffect(() => {
    let live = true;
    api<VersionView[]>('GET', `/api/projects/${projectId}/versions${q ? `?q=${encodeURIComponent(q)}` : ''}`).then(
      (list) => live && setVersions(list),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [projectId, head, q]);

  const restore = async (n: number) => {
    setError(null);
    try {
      onRestored((await api<NewVersionView>('POST', `/api/projects/${projectId}/versions/${n}/restore`)).version);
    } catch (e) {
      setError(errorMessage(e));
    }
  };
  // The form shows a refusal itself (it stays open); the list takes the API's answer.
  const saveName = async (n: number, name: string | null) => {
    const updated = await api<VersionView>('PATCH', `/api/projects/${projectId}/versions/${n}`, { name });
    setVersions((list) => (list ? withVersion(list, updated) : list));
  };

  const shown = versions ? shownVersions(versions, namedOnly) : null;
  return (
    <section className="versions panel" aria-labelledby="versions-title">
      <h2 id="versions-title">Versions</h2>
      <div className="versions-filter" role="search">
        <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} placeholder="Find by name or message" aria-label="Find a version" />
        <label>
          <input type="checkbox" checked={namedOnly} onChange={(e) => setNamedOnly(e.target.checked)} />
          Named only
        </label>
      </div>
      <Alert message={error} />
      {!shown ? (
        <p className="muted">Loading…</p>
      ) : shown.length === 0 ? (
        <p className="muted versions-empty">{q ? `No version matches “${q}”.` : namedOnly ? 'No named versions yet: name one to find it again.' : 'No versions.'}</p>
      ) : (
        <ol className="version-list">
          {shown.map((v) => (
            <VersionRow
              key={v.number}
              projectId={projectId}
              version={v}
              isHead={v.number === head}
              diffOpen={diff === v.number}
              naming={naming === v.number}
              toggleDiff={() => setDiff((d) => (d === v.number ? null : v.number))}
              startNaming={() => setNaming(v.number)}
              stopNaming={() => setNaming(null)}
              saveName={(name) => saveName(v.number, name)}
              restore={() => void restore(v.number)}
              onView={onView}
            />
          ))}
        </ol>
      )}
    </section>
  );
}
