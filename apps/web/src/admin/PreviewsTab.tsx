import type { AdminPreviewsView } from '@studio/contracts';
import { useEffect, useState } from 'react';
import { formatTime } from '../account/format';
import { errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';
import { adminApi } from './admin-api';

/** Previews per host: how many run and are paused, and which projects they are. */
export function PreviewsTab() {
  const [view, setView] = useState<AdminPreviewsView | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    adminApi.previews().then(setView, (e: unknown) => setError(errorMessage(e)));
  }, []);
  return (
    <div className="admin-tab">
      <Alert message={error} />
      {view && view.hosts.length === 0 && <p className="muted">No previews on any host.</p>}
      {view?.hosts.map((h) => (
        <section key={h.host} className="panel" aria-label={`Host ${h.host}`}>
          <div className="panel-head">
            <h2 className="acct-name">{h.host}</h2>
            <span className="muted">
              {h.running} running · {h.paused} paused
            </span>
          </div>
          <div className="table-scroll">
            <table className="acct-table">
              <thead>
                <tr>
                  <th scope="col">Project</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Status</th>
                  <th scope="col">Since</th>
                </tr>
              </thead>
              <tbody>
                {h.previews.map((p) => (
                  <tr key={p.projectId}>
                    <th scope="row" className="acct-id">
                      {p.projectId}
                    </th>
                    <td className="acct-id">{p.ownerId}</td>
                    <td>{p.status}</td>
                    <td>{formatTime(p.since)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ))}
    </div>
  );
}
