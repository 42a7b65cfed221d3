import type { DeploymentView } from '@studio/contracts';
import { formatBytes } from '../../api/upload-checks';
import { STATUS_LABEL } from './publish-state';

const PILL: Record<DeploymentView['status'], string> = { queued: 'pill', building: 'pill warn', ready: 'pill good', failed: 'pill bad' };

/** When, in the person's own words: today's deployments by time, older ones by date and time. */
function when(iso: string): string {
  const at = new Date(iso);
  const today = new Date().toDateString() === at.toDateString();
  return today ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : at.toLocaleString([], { dateStyle: 'medium', timeStyle: 'short' });
}

/** Every deployment of the site, newest first: version, status, time, the live one marked, rollback on the others that are ready. */
export function DeploymentsList({ deployments, busy, rollback }: { deployments: DeploymentView[]; busy: boolean; rollback: (d: DeploymentView) => void }) {
  if (!deployments.length) return <p className="muted small-note">Nothing published yet. Publish makes the current version a live page.</p>;
  return (
    <ol className="deployment-list">
      {deployments.map((d) => (
        <li key={d.id} data-deployment={d.id} data-status={d.status} data-live={d.live}>
          <strong>v{d.version}</strong>
          <span className={PILL[d.status]}>{STATUS_LABEL[d.status]}</span>
          {d.live && <span className="pill live">Live</span>}
          <time className="muted" dateTime={d.createdAt}>
            {when(d.createdAt)}
          </time>
          <span className="grow muted deployment-facts">
            {d.status === 'failed' ? d.error?.message : d.fileCount !== undefined && d.sizeBytes !== undefined ? `${d.fileCount} files · ${formatBytes(d.sizeBytes)}` : ''}
            {d.status === 'ready' && d.publishMs !== undefined ? ` · published in ${(d.publishMs / 1000).toFixed(1)} s` : ''}
          </span>
          {d.status === 'ready' && !d.live && (
            <button type="button" className="button small" disabled={busy} aria-label={`Roll back to version ${d.version}`} onClick={() => rollback(d)}>
              Roll back
            </button>
          )}
        </li>
      ))}
    </ol>
  );
}
