import type { DeploymentView, SiteView } from '@studio/contracts';
import { type ReactNode, useEffect, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import { formatBytes } from '../../api/upload-checks';
import { Alert } from '../../ui/Alert';
import { DeploymentsList } from './DeploymentsList';
import { DomainsSection } from './DomainsSection';
import { buildOutput, isRunning, latestDeployment, liveUrl, type PublishState, readyButNotLive, STAGE_LABEL, setSite, upsertDeployments } from './publish-state';
import { SiteSettingsForm } from './SiteSettingsForm';
import { SubmissionsSection } from './SubmissionsSection';
import { TargetForm } from './TargetForm';

type SetPublish = (f: (s: PublishState) => PublishState) => void;

/** A part of the panel that opens on demand; what it shows is loaded only once it is open. */
function Part({ title, open = false, children }: { title: ReactNode; open?: boolean; children: () => ReactNode }) {
  const [shown, setShown] = useState(open);
  return (
    <details className="publish-part" open={open} onToggle={(e) => setShown(e.currentTarget.open)}>
      <summary>{title}</summary>
      {shown && <div className="publish-part-body">{children()}</div>}
    </details>
  );
}

/** The newest deployment on its way, or how it ended when that was not a plain success the live line already shows. */
function Outcome({ d, live, notLive }: { d: DeploymentView | undefined; live: boolean; notLive: boolean }) {
  if (!d) return null;
  if (isRunning(d))
    return (
      <div className="publish-progress" role="status">
        <span className="muted">
          v{d.version}: {d.status === 'queued' ? 'Waiting to start…' : `${d.stage ? STAGE_LABEL[d.stage] : 'Starting'}…`}
        </span>
        <progress max={1} value={d.progress} aria-label="Publish progress" />
      </div>
    );
  if (d.status === 'failed') {
    const output = buildOutput(d.error);
    return (
      <div className="publish-failed" role="alert">
        <p className="error">
          Version {d.version} was not published: {d.error?.message ?? 'the publish failed.'}
          {live ? ' The live site did not change.' : ''}
        </p>
        {output && (
          <details>
            <summary>Build output</summary>
            <pre>{output}</pre>
          </details>
        )}
      </div>
    );
  }
  if (notLive)
    return (
      <p className="muted small-note" role="status">
        Version {d.version} is ready but not live: the site was rolled back or taken down while it was being built. Roll back to it below to make it live.
      </p>
    );
  return null;
}

/**
 * Publishing the project: the Publish button with the run's progress and outcome, the live address, the
 * deployments with one-click rollback, unpublish, and the site's settings, domains, form submissions and
 * target. The state lives in the workspace page (it applies the socket's events); this loads and changes it.
 */
export function PublishPanel({ projectId, state, setState }: { projectId: string; state: PublishState; setState: SetPublish }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const { site } = state;

  const loadDeployments = () => api<DeploymentView[]>('GET', `/api/projects/${projectId}/deployments`).then((list) => setState((s) => ({ ...upsertDeployments(s, list), stale: false })));

  // The site and its deployments as they are when the panel opens.
  useEffect(() => {
    let live = true;
    api<SiteView>('GET', `/api/projects/${projectId}/site`)
      .then(
        async (found) => {
          if (!live) return;
          setState((s) => setSite(s, found));
          await loadDeployments();
        },
        // No site yet: the first publish (or a save of the settings) creates it.
        (err: unknown) => {
          if (!(err instanceof ApiError && err.code === 'SITE_NOT_FOUND')) throw err;
          if (live) setState((s) => setSite(s, null));
        },
      )
      .then(
        () => live && setState((s) => ({ ...s, loaded: true })),
        (err: unknown) => live && setError(errorMessage(err)),
      );
    return () => {
      live = false;
    };
  }, [projectId]);
  // A deployment this page never listed finished (another tab published): the list again.
  useEffect(() => {
    if (state.stale) loadDeployments().catch((err: unknown) => setError(errorMessage(err)));
  }, [state.stale]);

  const run = async (what: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await what();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const publish = () =>
    run(async () => {
      const started = await api<DeploymentView>('POST', `/api/projects/${projectId}/deployments`, {});
      setState((s) => upsertDeployments(s, [started]));
      // The first publish created the site: its address is known now.
      if (!site) {
        const created = await api<SiteView>('GET', `/api/projects/${projectId}/site`);
        setState((s) => setSite(s, created));
      }
    });
  const rollback = (d: DeploymentView) =>
    run(async () => {
      const changed = await api<SiteView>('POST', `/api/projects/${projectId}/site/rollback`, { deploymentId: d.id });
      setState((s) => setSite(s, changed));
    });
  const unpublish = () => {
    if (!window.confirm('Take the site down? Visitors get a “not found” page until you publish or roll back again.')) return;
    void run(async () => {
      const changed = await api<SiteView>('POST', `/api/projects/${projectId}/site/unpublish`);
      setState((s) => setSite(s, changed));
    });
  };
  const saved = (changed: SiteView) => setState((s) => setSite(s, changed));

  const latest = latestDeployment(state);
  const running = isRunning(latest);
  const url = site?.liveDeploymentId ? liveUrl(site, state.announced[site.liveDeploymentId]?.url) : undefined;

  return (
    <section className="publish panel" aria-labelledby="publish-title">
      <div className="panel-head">
        <h2 id="publish-title">Publish</h2>
        <div className="row">
          {site?.liveDeploymentId && (
            <button type="button" className="button ghost small" disabled={busy} onClick={unpublish}>
              Unpublish
            </button>
          )}
          <button type="button" className="button primary small" disabled={busy || running || !state.loaded} onClick={() => void publish()}>
            {running ? 'Publishing…' : 'Publish'}
          </button>
        </div>
      </div>
      <div className="publish-live" data-testid="site-status">
        {!state.loaded ? (
          <span className="muted">Loading…</span>
        ) : site?.liveDeploymentId ? (
          <>
            <span className="pill live">Live</span>
            {url ? (
              <a href={url} target="_blank" rel="noopener noreferrer" data-testid="site-url" className="site-url">
                {url}
              </a>
            ) : (
              <span className="muted">at your bucket</span>
            )}
            <span className="muted small-note">
              v{site.liveVersion} · {site.traffic.requests} requests · {formatBytes(site.traffic.bytes)} served
            </span>
          </>
        ) : (
          <>
            <span className="pill">Not published</span>
            <span className="muted small-note">{site ? `Publish to put it online at ${site.url}` : 'Publish to put this page online at an address of its own.'}</span>
          </>
        )}
      </div>
      <Outcome d={latest} live={Boolean(site?.liveDeploymentId)} notLive={latest ? readyButNotLive(state, latest) : false} />
      <Alert message={error} />
      <Part title={`Deployments${state.deployments.length ? ` (${state.deployments.length})` : ''}`} open>
        {() => <DeploymentsList deployments={state.deployments} busy={busy} rollback={(d) => void rollback(d)} />}
      </Part>
      <Part title="Settings: address, title, sharing image">{() => <SiteSettingsForm projectId={projectId} site={site} saved={saved} />}</Part>
      {site ? (
        <>
          <Part title="Domains">{() => <DomainsSection projectId={projectId} />}</Part>
          <Part title="Form submissions">{() => <SubmissionsSection projectId={projectId} slug={site.slug} />}</Part>
          <Part title="Where it is published">{() => <TargetForm projectId={projectId} site={site} saved={saved} />}</Part>
        </>
      ) : (
        <p className="muted small-note">Domains, form submissions and where to publish are here once the site exists (publish, or save its settings).</p>
      )}
    </section>
  );
}
