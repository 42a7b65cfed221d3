import type { ErrorBody, ExportView } from '@studio/contracts';
import { useState } from 'react';
import { api, errorMessage } from '../api/client';
import { saveDownload } from '../api/save-download';
import { Alert } from '../ui/Alert';

export interface ExportState {
  kind: ExportView['kind'];
  status: ExportView['status'];
  progress: number;
  downloadUrl?: string;
  error?: ErrorBody;
}

/** Download the source or the built site: a job with a progress bar, then the zip. */
export function ExportPanel({
  projectId,
  exports,
  setExports,
}: {
  projectId: string;
  exports: Record<string, ExportState>;
  setExports: (f: (x: Record<string, ExportState>) => Record<string, ExportState>) => void;
}) {
  const [error, setError] = useState<string | null>(null);
  const start = async (kind: ExportView['kind']) => {
    setError(null);
    try {
      const e = await api<ExportView>('POST', `/api/projects/${projectId}/exports`, { kind });
      setExports((x) => ({ ...x, [e.id]: { ...x[e.id], kind, status: x[e.id]?.status ?? e.status, progress: x[e.id]?.progress ?? e.progress } }));
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const list = Object.entries(exports).reverse();

  return (
    <section className="exports panel" aria-labelledby="exports-title">
      <h2 id="exports-title">Export</h2>
      <div className="row">
        <button type="button" className="button" onClick={() => start('source')}>
          Download source
        </button>
        <button type="button" className="button" onClick={() => start('static')}>
          Download built site
        </button>
      </div>
      <Alert message={error} />
      <ul className="export-list">
        {list.map(([id, e]) => (
          <li key={id} data-export={id} data-status={e.status}>
            <span>{e.kind === 'static' ? 'Built site' : 'Source'}</span>
            {e.status === 'ready' && e.downloadUrl ? (
              <button type="button" className="button primary small" onClick={() => saveDownload(e.downloadUrl!, `${e.kind}.zip`).catch((err: Error) => setError(err.message))}>
                Save zip
              </button>
            ) : e.status === 'failed' ? (
              <details className="error">
                <summary>{e.error?.message ?? 'The export failed.'}</summary>
                {typeof e.error?.details?.output === 'string' && <pre>{e.error.details.output}</pre>}
              </details>
            ) : (
              <progress max={1} value={e.progress} aria-label={`${e.kind} export progress`} />
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
