import type { ChatAttachmentView, ChatMessageView, MessageAttachment, PreviewView, Project, ProjectEventPayloads, Turn } from '@studio/contracts';
import { type ReactNode, useCallback, useEffect, useRef, useState } from 'react';
import { BudgetWarningNotice } from '../account/BudgetWarningNotice';
import { ApiError, api, errorMessage } from '../api/client';
import { type ProjectEvent, ProjectSocket } from '../api/project-socket';
import { uploadProcessed } from '../api/uploads';
import { Alert } from '../ui/Alert';
import { TabPanel, TabStrip } from '../ui/Tabs';
import { setHashParam, useHashParam } from '../ui/use-hash-param';
import { useMediaQuery } from '../ui/use-media-query';
import { AssetsPanel } from '../workspace/AssetsPanel';
import { ChatPanel } from '../workspace/ChatPanel';
import type { SentPicture } from '../workspace/ChatPictures';
import { applyEvent, type ChatTurn, ensureTurn, fromTurn } from '../workspace/chat-state';
import { CodePanel } from '../workspace/code/CodePanel';
import { ExportPanel, type ExportState } from '../workspace/ExportPanel';
import { InstructionsPanel } from '../workspace/InstructionsPanel';
import { PreviewPane, type PreviewState } from '../workspace/PreviewPane';
import { PublishPanel } from '../workspace/publish/PublishPanel';
import { applyPublishEvent, emptyPublish, type PublishState } from '../workspace/publish/publish-state';
import { VersionsPanel } from '../workspace/VersionsPanel';
import { shownTab, shownVersion, TAB_LABELS, tabsFor, type WorkspaceTab } from './workspace-tabs';

/** The history of the chat: each turn of the project, oldest first, from its messages (the person's carry its pictures). */
async function loadTurns(projectId: string): Promise<ChatTurn[]> {
  const messages = await api<ChatMessageView[]>('GET', `/api/projects/${projectId}/messages`);
  const ids = [...new Set(messages.map((m) => m.turnId).filter((id): id is string => Boolean(id)))];
  const pictures = new Map(messages.flatMap((m) => (m.role === 'user' && m.turnId && m.attachments?.length ? [[m.turnId, m.attachments] as const] : [])));
  const turns = await Promise.all(ids.map((id) => api<Turn>('GET', `/api/turns/${id}`)));
  return turns.map((t) => ({ ...fromTurn(t), attachments: pictures.get(t.id) }));
}

/** What the chat shows of a picture just sent, before the API's message lists it (the same view it will give). */
const sentView = (projectId: string, { upload, use }: SentPicture): ChatAttachmentView => ({
  uploadId: upload.id,
  fileName: upload.fileName,
  contentType: upload.image?.contentType ?? upload.contentType,
  width: upload.image?.width ?? 0,
  height: upload.image?.height ?? 0,
  use,
  // contracts uploadContentUrl: the client takes only types from contracts.
  url: `/api/projects/${projectId}/uploads/${upload.id}/content`,
});

// Below this width the chat and the rest do not fit side by side: the chat becomes one of the tabs.
const NARROW = '(max-width: 860px)';
const TABS = 'workspace';

/** A small dot after a tab's label, with its meaning for screen readers. */
const Dot = ({ kind, meaning }: { kind: 'live' | 'bad'; meaning: string }) => (
  <span className={`tab-dot ${kind}`}>
    <span className="sr-only"> ({meaning})</span>
  </span>
);

/**
 * One project: the chat on the left, and on the right one tab at a time (the live preview, the code, the
 * versions, the instructions, publishing, assets, export); on a narrow screen the chat is a tab too. The tab
 * (and the version the code view shows) live in the address, so a reload opens the same view.
 */
export function WorkspacePage({ projectId }: { projectId: string }) {
  const [project, setProject] = useState<Project | null>(null);
  const [turns, setTurns] = useState<ChatTurn[] | null>(null);
  const [preview, setPreview] = useState<PreviewState>({ view: { status: 'starting' }, errors: [] });
  const [exports, setExports] = useState<Record<string, ExportState>>({});
  const [publish, setPublish] = useState<PublishState>(emptyPublish);
  const [budgetWarning, setBudgetWarning] = useState<ProjectEventPayloads['budget:warning'] | null>(null);
  // The newest version this page knows of: the versions list reloads when it moves.
  const [head, setHead] = useState(0);
  const seen = (version: number) => setHead((h) => Math.max(h, version));
  const [error, setError] = useState<string | null>(null);
  const narrow = useMediaQuery(NARROW);
  const tab = shownTab(useHashParam('tab'), narrow);
  const codeVersion = shownVersion(useHashParam('version'));
  // A panel is mounted the first time its tab is shown and kept (hidden) after: no fetching for tabs never
  // opened, and no lost state (an open diff, a half-filled form) when the person switches back.
  const [opened, setOpened] = useState<ReadonlySet<WorkspaceTab>>(() => new Set([tab]));
  if (!opened.has(tab)) setOpened(new Set(opened).add(tab));
  const socket = useRef<ProjectSocket | null>(null);
  // Events that arrive before the history is loaded wait here, then apply in order.
  const pending = useRef<ProjectEvent[] | null>([]);
  // Turns already on screen: a `turn:queued` for any other was started elsewhere (another tab).
  const known = useRef(new Set<string>());

  const onEvent = useCallback((event: ProjectEvent) => {
    if (pending.current) {
      pending.current.push(event);
      return;
    }
    handle(event);
  }, []);

  function handle(event: ProjectEvent) {
    // Replayed history matters for turns (one may still be running); the preview's and the exports' state
    // before this page opened is not this page's (the preview's comes from the API and the join).
    if (event.history && !('turnId' in event.payload)) return;
    switch (event.name) {
      case 'turn:queued':
        if (known.current.has(event.payload.turnId)) break;
        known.current.add(event.payload.turnId);
        setTurns((t) => ensureTurn(t ?? [], event.payload.turnId));
        void api<Turn>('GET', `/api/turns/${event.payload.turnId}`).then(
          (turn) => setTurns((t) => (t ?? []).map((x) => (x.turnId === turn.id && !x.message ? { ...x, message: turn.message } : x))),
          () => undefined,
        );
        break;
      case 'turn:completed':
        seen(event.payload.version);
        break;
      case 'preview:status':
        setPreview((p) => ({ ...p, view: { ...p.view, ...event.payload } }));
        return;
      case 'preview:updated':
        seen(event.payload.version);
        setPreview((p) => ({ ...p, served: event.payload.version, errors: p.errors.filter((e) => e.version > event.payload.version) }));
        return;
      case 'preview:error':
        setPreview((p) => ({ ...p, errors: [...p.errors.slice(-4), event.payload] }));
        return;
      case 'export:progress':
        setExports((x) => ({ ...x, [event.payload.exportId]: { ...x[event.payload.exportId], status: 'running', progress: event.payload.progress } }));
        return;
      case 'export:ready':
        setExports((x) => ({ ...x, [event.payload.exportId]: { ...x[event.payload.exportId], status: 'ready', progress: 1, downloadUrl: event.payload.downloadUrl } }));
        return;
      case 'export:failed':
        setExports((x) => ({ ...x, [event.payload.exportId]: { ...x[event.payload.exportId], status: 'failed', error: event.payload.error } }));
        return;
      case 'upload:processed':
        // The waiting upload (api/uploads.ts) reads its verdict now; an asset's new version reloads the assets.
        uploadProcessed(event.payload.uploadId);
        if (event.payload.version) seen(event.payload.version);
        return;
      case 'deployment:progress':
      case 'deployment:ready':
      case 'deployment:failed':
      case 'site:updated':
        setPublish((s) => applyPublishEvent(s, event));
        return;
      case 'budget:warning':
        // Said once, as it happens: a replayed old warning is not news.
        if (!event.history) setBudgetWarning(event.payload);
        return;
    }
    setTurns((t) => applyEvent(t ?? [], event));
  }

  useEffect(() => {
    let live = true;
    Promise.all([api<Project>('GET', `/api/projects/${projectId}`), loadTurns(projectId), api<PreviewView>('POST', `/api/projects/${projectId}/preview`)])
      .then(([p, history, view]) => {
        if (!live) return;
        setProject(p);
        seen(p.headVersion);
        setTurns(history);
        for (const t of history) known.current.add(t.turnId);
        setPreview((s) => ({ ...s, view, urlAt: Date.now() }));
        const waiting = pending.current ?? [];
        pending.current = null;
        for (const event of waiting) handle(event);
      })
      .catch((err: unknown) => live && setError(err instanceof ApiError && err.code === 'PROJECT_NOT_FOUND' ? 'This project does not exist, or is not yours.' : errorMessage(err)));
    // The join's answer says how the preview stands now (events before it are history).
    socket.current = new ProjectSocket(projectId, onEvent, (answer) => live && setPreview((s) => ({ ...s, view: { ...s.view, status: answer.preview.status } })));
    return () => {
      live = false;
      socket.current?.close();
    };
  }, [projectId, onEvent]);

  if (error)
    return (
      <main className="workspace-error">
        <Alert message={error} />
        <a className="button" href="#/">
          Back to projects
        </a>
      </main>
    );
  if (!project || !turns) return <main className="loading">Opening the project…</main>;

  const send = async (message: string, pictures: SentPicture[]) => {
    const attachments: MessageAttachment[] = pictures.map((p) => ({ uploadId: p.upload.id, use: p.use }));
    const turnId = await socket.current!.send(message, attachments);
    known.current.add(turnId);
    const shown = pictures.length ? pictures.map((p) => sentView(projectId, p)) : undefined;
    setTurns((t) => ensureTurn(t ?? [], turnId, message).map((x) => (x.turnId === turnId ? { ...x, message, attachments: shown } : x)));
  };

  // Picking a tab shows the head in the code view; only "View" in Versions shows an older version there.
  const select = (id: WorkspaceTab) => {
    setHashParam('version', null);
    setHashParam('tab', id);
  };
  // "View" in Versions opens that version's files in the code view (read-only unless it is the head).
  const view = (version: number) => {
    setHashParam('tab', 'code');
    setHashParam('version', String(version));
  };
  const running = turns.some((t) => t.status === 'queued' || t.status === 'running');
  const broken = preview.view.status === 'error' || preview.errors.length > 0;
  const tabs = tabsFor(narrow).map((id) => ({
    id,
    label: TAB_LABELS[id],
    note: id === 'chat' && running ? <Dot kind="live" meaning="working" /> : id === 'preview' && broken ? <Dot kind="bad" meaning="has an error" /> : undefined,
  }));
  const strip = <TabStrip prefix={TABS} label="Workspace" tabs={tabs} selected={tab} onSelect={select} />;
  const panel = (id: Exclude<WorkspaceTab, 'chat'>, children: ReactNode) =>
    (id === 'preview' || opened.has(id)) && (
      <TabPanel prefix={TABS} id={id} selected={tab === id} onReveal={() => select(id)} className={`tab-panel ${id}-tab`}>
        {children}
      </TabPanel>
    );

  return (
    <main className={`workspace ${narrow ? 'narrow' : 'wide'}`}>
      {narrow && strip}
      <TabPanel prefix={TABS} id="chat" role={narrow} selected={!narrow || tab === 'chat'} onReveal={() => narrow && select('chat')} className="chat-column">
        <ChatPanel
          projectId={projectId}
          projectName={project.name}
          turns={turns}
          send={send}
          cancel={(id) => socket.current?.cancel(id)}
          notice={<BudgetWarningNotice warning={budgetWarning} onDismiss={() => setBudgetWarning(null)} />}
        />
      </TabPanel>
      <div className="side" hidden={narrow && tab === 'chat'}>
        {!narrow && strip}
        {panel('preview', <PreviewPane state={preview} projectId={projectId} onEdited={seen} />)}
        {panel(
          'code',
          <>
            {codeVersion !== null && codeVersion !== head && (
              <p className="viewing-version">
                Version {codeVersion}, read-only.{' '}
                <button type="button" className="link" onClick={() => setHashParam('version', null)}>
                  Show the latest
                </button>
              </p>
            )}
            <CodePanel projectId={projectId} head={head} version={codeVersion === head ? null : codeVersion} onSaved={seen} />
          </>,
        )}
        {panel('versions', <VersionsPanel projectId={projectId} head={head} onRestored={seen} onView={view} />)}
        {panel('instructions', <InstructionsPanel projectId={projectId} head={head} onSaved={seen} />)}
        {panel('publish', <PublishPanel projectId={projectId} state={publish} setState={setPublish} />)}
        {panel('assets', <AssetsPanel projectId={projectId} head={head} onChanged={seen} />)}
        {panel('export', <ExportPanel projectId={projectId} exports={exports} setExports={setExports} />)}
      </div>
    </main>
  );
}
