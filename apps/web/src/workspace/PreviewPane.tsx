import type { PreviewView, ProjectEventPayloads } from '@studio/contracts';
import { useEffect, useRef, useState } from 'react';
import { api } from '../api/client';
import { setHashParam, useHashParam } from '../ui/use-hash-param';
import { AttributeForm } from './page-edit/AttributeForm';
import { deviceOf, frameWidth } from './page-edit/devices';
import { EditOutcomeNotice } from './page-edit/EditOutcomeNotice';
import { PreviewControls } from './page-edit/PreviewControls';
import { originOf } from './page-edit/protocol';
import { usePageEdits } from './page-edit/use-page-edits';
import './page-edit/page-edit.css';
import { frameIsStale, isServing } from './preview-frame';

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
 * The iframe's sandbox. The page is the project's own code and must run as it would on the web: scripts,
 * its own origin (storage, its HMR socket, fetches to itself), forms, popups that open as normal windows
 * (a link with target="_blank"), and alert/confirm. `allow-scripts` with `allow-same-origin` lets a framed
 * page lift its own sandbox only when it shares the parent's origin; the preview is always on its own origin
 * (`<projectId>.<PREVIEW_DOMAIN>`), never the app's, so here the pair is safe. Never `allow-top-navigation`:
 * the preview must not be able to send the app's tab elsewhere.
 */
const SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-modals';

/** A link opens the preview once (the proxy refuses it after): one the pane already used is never used again. */
const spentLinks = new Set<string>();

const freshLink = (projectId: string) => api<PreviewView>('GET', `/api/projects/${projectId}/preview`).then((view) => view.url ?? null);

/**
 * The live preview: the project's page in an iframe on its own origin. The iframe's address is set once:
 * changes arrive through Vite's hot updates, so the page never reloads while the model writes. In edit mode
 * the person changes text, images and links on the page itself (page-edit/): each change is a located edit
 * on the version the preview shows, and `onEdited` hears of the version it made. Edit mode and the width the
 * page is shown at are kept in the address (`edit=1`, `device=`), like the workspace's tab.
 */
export function PreviewPane({ state, projectId, onEdited }: { state: PreviewState; projectId: string; onEdited?: (version: number) => void }) {
  // A new tab signs in with a fresh link of its own (the iframe's cookie belongs to this page's partition).
  // The tab is opened at once, while the click still counts as the person's (popup blockers), and cut off
  // from this page before it goes anywhere: the preview's code gets no `window.opener` to reach the app with.
  const openInTab = async () => {
    const tab = window.open('about:blank', '_blank');
    if (tab) tab.opener = null;
    const url = await freshLink(projectId).catch(() => null);
    if (tab && url) tab.location.href = url;
    else tab?.close();
  };
  const [src, setSrc] = useState<string | null>(null);
  // The preview's status when the iframe was last loaded (frameIsStale says when that calls for a new load).
  const [loadedAs, setLoadedAs] = useState<PreviewView['status'] | null>(null);
  const use = (url: string) => {
    spentLinks.add(url);
    setSrc(url);
    setLoadedAs(state.view.status);
  };
  // Reloading the page from the start takes a fresh link too (the iframe's own reloads keep its cookie).
  const reload = () =>
    void freshLink(projectId).then(
      (url) => url && use(url),
      () => undefined,
    );
  // Loaded once the preview serves (before that its origin answers "not running"), and never again: with
  // the link the page opened with while it is fresh and unused, else with a new one.
  const serving = isServing(state.view.status);
  const url = state.view.url;
  const urlAt = state.urlAt ?? 0;
  useEffect(() => {
    if (src || !serving) return;
    if (url && !spentLinks.has(url) && Date.now() - urlAt < LINK_FRESH_MS) {
      use(url);
      return;
    }
    reload();
  }, [src, serving, url, urlAt, projectId]);
  useEffect(() => {
    if (src && frameIsStale(loadedAs, state.view.status)) reload();
  }, [src, state.view.status, loadedAs]);
  const latest = state.errors.at(-1);

  const frame = useRef<HTMLIFrameElement>(null);
  const editing = useHashParam('edit') === '1' && src !== null;
  const device = deviceOf(useHashParam('device'));
  const edits = usePageEdits({ projectId, frame, previewOrigin: originOf(src), shownVersion: state.served ?? state.view.version, on: editing, onEdited });

  return (
    <section className="preview" aria-labelledby="preview-title">
      <div className="preview-bar">
        <h2 id="preview-title">Preview</h2>
        <span className={`pill ${state.view.status === 'ready' ? 'good' : state.view.status === 'error' ? 'bad' : 'live'}`} data-testid="preview-status">
          {LABEL[state.view.status]}
        </span>
        {state.served !== undefined && <span className="muted">version {state.served}</span>}
        {src && (
          <>
            <button type="button" className="link" onClick={reload}>
              Reload
            </button>
            <button type="button" className="link" onClick={openInTab}>
              Open in a new tab
            </button>
          </>
        )}
        <PreviewControls
          editing={editing}
          onEditing={(on) => setHashParam('edit', on ? '1' : null)}
          device={device}
          onDevice={(d) => setHashParam('device', d === 'desktop' ? null : d)}
          disabled={!src}
        />
      </div>
      {editing && <p className="page-edit-hint muted">Click a text to change it (Enter saves, Escape cancels), or an image or a link to change where it points.</p>}
      <EditOutcomeNotice outcome={edits.outcome} busy={edits.busy} onApply={(after) => void edits.applyToLatest(after)} onDismiss={edits.dismiss} />
      {edits.picked && (
        <AttributeForm
          key={`${edits.picked.location.path}:${edits.picked.location.line}:${edits.picked.location.column}`}
          element={edits.picked}
          busy={edits.busy}
          onSave={(changes) => edits.picked && void edits.saveAttributes(edits.picked, changes)}
          onCancel={edits.closePicked}
        />
      )}
      {latest && (
        <div className="error preview-error" role="alert">
          <strong>{latest.file ? `${latest.file}${latest.line ? `:${latest.line}` : ''}` : 'The page has an error'}</strong>
          <pre>{latest.message}</pre>
          <span className="muted">The next message you send shows this error to the model.</span>
        </div>
      )}
      {src ? (
        <div className={`preview-stage${device === 'desktop' ? '' : ' framed'}${editing ? ' editing' : ''}`}>
          <iframe ref={frame} title="Live preview of the page" src={src} sandbox={SANDBOX} className="preview-frame" style={{ width: frameWidth(device) }} onLoad={edits.frameLoaded} />
        </div>
      ) : (
        <div className="preview-frame placeholder">{state.view.error ?? 'Starting the preview…'}</div>
      )}
    </section>
  );
}
