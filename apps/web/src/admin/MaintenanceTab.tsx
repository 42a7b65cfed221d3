import type { MaintenanceRunView } from '@studio/contracts';
import { useEffect, useState } from 'react';
import { formatBytes, formatCount, formatTime } from '../account/format';
import { errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';
import { adminApi } from './admin-api';

/** `blobBytes: 40960` → `blob bytes 40 KB`: counts as counts, and any kind ending in `Bytes` as a size. */
const removedWords = (removed: Record<string, number>): string =>
  Object.entries(removed)
    .map(([kind, n]) => `${kind.replace(/([A-Z])/g, ' $1').toLowerCase()} ${/Bytes$/.test(kind) ? formatBytes(n) : formatCount(n)}`)
    .join(', ') || 'nothing';

/** The storage lifecycle's recent runs and what each removed. */
export function MaintenanceTab() {
  const [runs, setRuns] = useState<MaintenanceRunView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    adminApi.maintenance().then(setRuns, (e: unknown) => setError(errorMessage(e)));
  }, []);
  return (
    <div className="admin-tab">
      <Alert message={error} />
      {runs && runs.length === 0 && <p className="muted">No maintenance has run yet.</p>}
      {runs && runs.length > 0 && (
        <div className="table-scroll">
          <table className="acct-table">
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Started</th>
                <th scope="col">Finished</th>
                <th scope="col">Removed</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <th scope="row">{r.job}</th>
                  <td>{formatTime(r.startedAt)}</td>
                  <td>{r.error ? <span className="error">{r.error}</span> : r.finishedAt ? formatTime(r.finishedAt) : 'Running'}</td>
                  <td>{removedWords(r.removed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
