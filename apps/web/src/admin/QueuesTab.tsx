import type { FailedJobView, QueueView } from '@studio/contracts';
import { useCallback, useEffect, useState } from 'react';
import { formatCount, formatTime } from '../account/format';
import { errorMessage } from '../api/client';
import { Alert } from '../ui/Alert';
import { adminApi } from './admin-api';

/** The jobs of one queue that failed after their last retry, each with its error: retry or discard. */
function FailedJobs({ queue, onChanged }: { queue: string; onChanged: () => void }) {
  const [jobs, setJobs] = useState<FailedJobView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const load = useCallback(() => adminApi.failedJobs(queue).then(setJobs, (e: unknown) => setError(errorMessage(e))), [queue]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(job: FailedJobView, call: () => Promise<void>) {
    setBusy(job.id);
    setError(null);
    try {
      await call();
      await load();
      onChanged();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="panel admin-failed" aria-labelledby="admin-failed-title">
      <h2 id="admin-failed-title">Failed jobs of {queue}</h2>
      <Alert message={error} />
      {jobs === null ? (
        !error && <p className="muted">Loading…</p>
      ) : jobs.length === 0 ? (
        <p className="muted">No failed jobs in this queue.</p>
      ) : (
        <ul className="admin-jobs">
          {jobs.map((j) => (
            <li key={j.id}>
              <div className="admin-job-head">
                <strong>{j.name}</strong> <span className="muted acct-id">#{j.id}</span>
                <span className="muted">
                  {' '}
                  · {j.attempts} attempts · {formatTime(j.failedAt)}
                </span>
              </div>
              <pre className="admin-job-error">{j.error}</pre>
              <code className="acct-id admin-job-data">{JSON.stringify(j.data)}</code>
              <div className="row">
                <button type="button" className="button small" disabled={busy !== null} onClick={() => act(j, () => adminApi.retry(queue, j.id))}>
                  Retry
                </button>
                <button type="button" className="button ghost small acct-danger" disabled={busy !== null} onClick={() => act(j, () => adminApi.discard(queue, j.id))}>
                  Discard
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The worker's queues: jobs waiting, active, delayed, prioritized and failed (kept as dead letters). */
export function QueuesTab() {
  const [queues, setQueues] = useState<QueueView[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<string | null>(null);
  const load = useCallback(() => adminApi.queues().then(setQueues, (e: unknown) => setError(errorMessage(e))), []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <div className="admin-tab">
      <div className="row">
        <button type="button" className="button small" onClick={() => void load()}>
          Refresh
        </button>
      </div>
      <Alert message={error} />
      {queues && (
        <div className="table-scroll">
          <table className="acct-table admin-queues">
            <thead>
              <tr>
                <th scope="col">Queue</th>
                <th scope="col">Waiting</th>
                <th scope="col">Active</th>
                <th scope="col">Delayed</th>
                <th scope="col">Prioritized</th>
                <th scope="col">Failed</th>
              </tr>
            </thead>
            <tbody>
              {queues.map((q) => (
                <tr key={q.name} data-queue={q.name}>
                  <th scope="row">
                    {q.name}
                    {q.paused && <span className="pill warn">paused</span>}
                  </th>
                  <td>{formatCount(q.waiting)}</td>
                  <td>{formatCount(q.active)}</td>
                  <td>{formatCount(q.delayed)}</td>
                  <td>{formatCount(q.prioritized)}</td>
                  <td>
                    <button type="button" className="link" onClick={() => setOpen(q.name)} aria-label={`${q.failed} failed jobs of ${q.name}: show them`}>
                      {formatCount(q.failed)}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {open && <FailedJobs key={open} queue={open} onChanged={() => void load()} />}
    </div>
  );
}
