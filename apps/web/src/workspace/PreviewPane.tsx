import type { PreviewView, ProjectEventPayloads } from '@studio/contracts';
import { useEffect, useState } from 'react';
import { api } from '../api/client';

export interface PreviewState {
  view: PreviewView;
  /** The version the preview last said it serves (`preview:updated`). */
  served?: number;
  /** When `view.url` (a one-minute signed link) was handed out. */
  urlAt?: number;
  errors: ProjectEventPayloads['preview:error'][];
}

// Signed links live a minute; one older than this may expire before the iframe has used it.
const LINK_FRESH_MS = 45_000;

const LABEL: Record<PreviewView['status'], string> = { starting: 'Starting…', ready: 'Live', updating: 'Updating…', stopped: 'Asleep (wakes on a visit)', error: 'Error' };

/**
 * The live preview: the project's page in an iframe on its own origin. The iframe's address is set once:
 * changes arrive through Vite's hot updates, so the page never reloads while the model writes.
 */
export function PreviewPane({ state, projectId }: { state: PreviewState; projectId: string }) {
  // The iframe's cookie belongs to this page's partition; a new tab signs in with a fresh one-minute link.
  const openInTab = async () => {
    const tab = window.open('about:blank', '_blank');
    const view = await api<PreviewView>('GET', `/api/projects/${projectId}/preview`).catch(() => null);
    if (tab && view?.url) tab.location.href = view.url;
    else tab?.close();
  };
  const [src, setSrc] = useState<string | null>(null);
  // Loaded once the preview serves (before that its origin answers "not running"), and never again: with
  // the link the page opened with while it is fresh, else with a new one.
  const serving = state.view.status === 'ready' || state.view.status === 'updating' || state.view.status === 'error';
  const url = state.view.url;
  const urlAt = state.urlAt ?? 0;
  useEffect(() => {
    if (src || !serving) return;
    if (url && Date.now() - urlAt < LINK_FRESH_MS) {
      setSrc(url);
      return;
    }
    void api<PreviewView>('GET', `/api/projects/${projectId}/preview`).then((view) => view.url && setSrc(view.url), () => undefined);
  }, [src, serving, url, urlAt, projectId]);
  const latest = state.errors.at(-1);

  return (
    <section className="preview" aria-labelledby="preview-title">
      <div className="preview-bar">
        <h2 id="preview-title">Preview</h2>
        <span className={`pill ${state.view.status === 'ready' ? 'good' : state.view.status === 'error' ? 'bad' : 'live'}`} data-testid="preview-status">
          {LABEL[state.view.status]}
        </span>
        {state.served !== undefined && <span className="muted">version {state.served}</span>}
        {src && (
          <button type="button" className="link" onClick={openInTab}>
            Open in a new tab
          </button>
        )}
      </div>
      {latest && (
        <div className="error preview-error" role="alert">
          <strong>{latest.file ? `${latest.file}${latest.line ? `:${latest.line}` : ''}` : 'The page has an error'}</strong>
          <pre>{latest.message}</pre>
          <span className="muted">The next message you send shows this error to the model.</span>
        </div>
      )}
      {src ? <iframe title="Live preview of the page" src={src} className="preview-frame" /> : <div className="preview-frame placeholder">{state.view.error ?? 'Starting the preview…'}</div>}
    </section>
  );
}
