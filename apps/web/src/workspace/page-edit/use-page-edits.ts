import type { EditTarget, PageEditBody, PageEditView, PickedElement, Project, ToPreviewMessage } from '@studio/contracts';
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, api, errorMessage } from '../../api/client';
import { CHANNEL, isFromFrame, postToPreview, readPreviewMessage } from './protocol';
import { refusalText } from './refusals';

/** How the last edit on the page ended: saved as a version, or refused with the person's value kept. */
export type EditOutcome = { kind: 'saved'; version: number; path: string } | { kind: 'refused'; code: string; text: string; body: PageEditBody; headVersion: number | null; seq: number };

export interface PageEditsOptions {
  projectId: string;
  frame: RefObject<HTMLIFrameElement | null>;
  /** The preview's origin (the iframe's address's): the only one messages are taken from and posted to. */
  previewOrigin: string | null;
  /** The version the preview shows: each edit is made on it (compare-and-swap). */
  shownVersion: number | undefined;
  on: boolean;
  onEdited?: (version: number) => void;
}

/** One attribute change from the form for an image or a link. */
export interface AttributeChange {
  target: Extract<EditTarget, { kind: 'attribute' }>;
  before: string;
  after: string;
}

/**
 * The client's side of edits on the page: listens to the preview frame (its window and origin only), tells
 * it whether edit mode is on (again on each `ready`: a reloaded page starts with it off), sends each edit as
 * a located edit on the version the preview shows, and answers the frame so it can put the text back on a
 * refusal. A refused edit keeps the person's value (EditOutcome) until they apply it again or dismiss it.
 */
export function usePageEdits({ projectId, frame, previewOrigin, shownVersion, on, onEdited }: PageEditsOptions) {
  const [outcome, setOutcome] = useState<EditOutcome | null>(null);
  const [picked, setPicked] = useState<PickedElement | null>(null);
  const [busy, setBusy] = useState(false);
  // Tells one refusal from the next (the notice starts each with the person's value).
  const refusals = useRef(0);
  // The listener is added once per project; it reads the current values from here.
  const latest = useRef({ previewOrigin, shownVersion, on, onEdited });
  latest.current = { previewOrigin, shownVersion, on, onEdited };

  const post = useCallback((message: ToPreviewMessage) => postToPreview(frame.current?.contentWindow, latest.current.previewOrigin, message), [frame]);

  /** Sends one located edit; the version it made, or null when refused (the outcome says why). */
  const send = useCallback(
    async (body: PageEditBody, frameEditId?: string): Promise<number | null> => {
      setBusy(true);
      try {
        const view = await api<PageEditView>('POST', `/api/projects/${projectId}/edits`, body);
        if (frameEditId) post({ channel: CHANNEL, type: 'edit-result', id: frameEditId, ok: true });
        setOutcome({ kind: 'saved', version: view.version, path: view.path });
        latest.current.onEdited?.(view.version);
        return view.version;
      } catch (err) {
        const code = err instanceof ApiError ? err.code : 'NETWORK';
        const text = refusalText(code, errorMessage(err));
        if (frameEditId) post({ channel: CHANNEL, type: 'edit-result', id: frameEditId, ok: false, message: text });
        const head = err instanceof ApiError ? err.details?.headVersion : undefined;
        setOutcome({ kind: 'refused', code, text, body, headVersion: typeof head === 'number' ? head : null, seq: ++refusals.current });
        return null;
      } finally {
        setBusy(false);
      }
    },
    [projectId, post],
  );

  useEffect(() => {
    const listener = (event: MessageEvent) => {
      const { previewOrigin: origin, on: editing, shownVersion: base } = latest.current;
      if (!isFromFrame(event, frame.current?.contentWindow, origin)) return;
      const message = readPreviewMessage(event.data);
      if (!message) return;
      if (message.type === 'ready') return post({ channel: CHANNEL, type: 'edit-mode', on: editing });
      if (message.type === 'picked') return editing ? setPicked(message.element) : undefined;
      // An edit the client cannot make (edit mode is off, or nothing is shown yet): the frame puts the text back.
      if (!editing || base === undefined) return post({ channel: CHANNEL, type: 'edit-result', id: message.id, ok: false });
      const { location, owners } = message.element;
      void send({ baseVersion: base, location, owners, target: { kind: 'text' }, before: message.before, after: message.after }, message.id);
    };
    window.addEventListener('message', listener);
    return () => window.removeEventListener('message', listener);
  }, [frame, post, send]);

  useEffect(() => {
    post({ channel: CHANNEL, type: 'edit-mode', on });
    if (!on) setPicked(null);
  }, [on, post]);

  /** The refused edit again, with the person's (possibly changed) value, on the newest version. */
  const applyToLatest = async (after: string) => {
    if (outcome?.kind !== 'refused') return;
    const head =
      outcome.headVersion ??
      (await api<Project>('GET', `/api/projects/${projectId}`).then(
        (p) => p.headVersion,
        () => null,
      ));
    if (head === null) return;
    await send({ ...outcome.body, baseVersion: head, after });
  };

  /** The form's attribute changes of the picked element, one located edit each, each on the version the one before made. */
  const saveAttributes = async (element: PickedElement, changes: AttributeChange[]): Promise<boolean> => {
    let base = latest.current.shownVersion;
    for (const change of changes) {
      if (base === undefined) return false;
      const made = await send({ baseVersion: base, location: element.location, owners: element.owners, ...change });
      if (made === null) return false;
      base = made;
    }
    setPicked(null);
    return true;
  };

  /**
   * The frame (re)loaded a page: its bridge starts with edit mode off and may wait for the app to speak first.
   * Said only when edit mode is on: a load that failed shows an error page of another origin, where a message
   * would only log a refused postMessage.
   */
  const frameLoaded = () => latest.current.on && post({ channel: CHANNEL, type: 'edit-mode', on: true });

  return { outcome, dismiss: () => setOutcome(null), frameLoaded, picked, closePicked: () => setPicked(null), busy, applyToLatest, saveAttributes };
}
