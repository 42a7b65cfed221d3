import type { FormSubmissionPage, FormSubmissionView } from '@studio/contracts';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import { saveDownload } from '../../api/save-download';
import { Alert } from '../../ui/Alert';

const PAGE_SIZE = 20;

/** What the page's forms received, newest first, a page at a time; all of it as a CSV. */
export function SubmissionsSection({ projectId, slug }: { projectId: string; slug: string }) {
  const base = `/api/projects/${projectId}/site/forms/submissions`;
  const [items, setItems] = useState<FormSubmissionView[] | null>(null);
  const [cursor, setCursor] = useState<string | undefined>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  const load = async (before?: string) => {
    setLoading(true);
    setError(null);
    try {
      const page = await api<FormSubmissionPage>('GET', `${base}?limit=${PAGE_SIZE}${before ? `&before=${encodeURIComponent(before)}` : ''}`);
      setItems((list) => (before ? [...(list ?? []), ...page.items] : page.items));
      setCursor(page.nextCursor);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setLoading(false);
    }
  };
  useEffect(() => {
    void load();
  }, [base]);

  const download = () => saveDownload(`${base}.csv`, `${slug}-submissions.csv`).catch((err: unknown) => setError(errorMessage(err)));

  return (
    <div className="submissions">
      <div className="row">
        <button type="button" className="button small" onClick={() => void load()} disabled={loading}>
          Refresh
        </button>
        {/* A link (it is one, and works as one without script); the click fetches it with the session, refreshed if it expired. */}
        <a
          className="button small"
          href={`${base}.csv`}
          download={`${slug}-submissions.csv`}
          onClick={(e) => {
            e.preventDefault();
            void download();
          }}
        >
          Download CSV
        </a>
      </div>
      <Alert message={error} />
      {!items ? (
        <p className="muted small-note">Loading…</p>
      ) : items.length === 0 ? (
        <p className="muted small-note">No submissions yet. The waitlist, newsletter and contact forms of the published page send theirs here.</p>
      ) : (
        <div className="table-scroll">
          <table className="submission-table">
            <caption className="sr-only">Form submissions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Received</th>
                <th scope="col">Form</th>
                <th scope="col">Page</th>
                <th scope="col">Fields</th>
              </tr>
            </thead>
            <tbody>
              {items.map((s) => (
                <tr key={s.id} data-submission={s.id}>
                  <td>
                    <time dateTime={s.createdAt}>{new Date(s.createdAt).toLocaleString([], { dateStyle: 'short', timeStyle: 'short' })}</time>
                  </td>
                  <td>{s.form}</td>
                  <td>
                    <code>{s.page}</code>
                  </td>
                  <td>
                    <dl className="submission-fields">
                      {Object.entries(s.data).map(([key, value]) => (
                        <div key={key}>
                          <dt>{key}</dt>
                          <dd>{value}</dd>
                        </div>
                      ))}
                    </dl>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {cursor && (
        <button type="button" className="button ghost small" onClick={() => void load(cursor)} disabled={loading}>
          Load older
        </button>
      )}
    </div>
  );
}
