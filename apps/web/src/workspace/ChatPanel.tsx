import { type ClipboardEvent, type DragEvent, type FormEvent, type KeyboardEvent, type ReactNode, useEffect, useRef, useState } from 'react';
import { TurnErrorAlert } from '../account/TurnErrorAlert';
import { refusalOf, type TurnRefusal } from '../account/turn-error';
import { ACCEPT } from '../api/upload-checks';
import { DraftPictures, MessagePictures, type SentPicture, useDraftPictures } from './ChatPictures';
import { ReplyMarkdown } from './chat/ReplyMarkdown';
import type { ChatTurn } from './chat-state';

const STAGES: Record<string, string> = { context: 'Reading the project', llm: 'Writing', validate: 'Checking the code', commit: 'Saving the version', sync: 'Updating the preview' };

function Status({ turn }: { turn: ChatTurn }) {
  if (turn.status === 'queued') return <span className="pill">Waiting{turn.position ? ` (${turn.position} ahead)` : ''}…</span>;
  if (turn.status === 'running') return <span className="pill live">{STAGES[turn.stage ?? 'context'] ?? 'Working'}…</span>;
  if (turn.status === 'cancelled') return <span className="pill">Cancelled</span>;
  if (turn.status === 'failed') return <span className="pill bad">{turn.error?.code === 'RENDER_FAILED' ? 'Not applied: the page broke' : 'Failed'}</span>;
  if (turn.partial) return <span className="pill warn">Version {turn.version} · partly applied</span>;
  return <span className="pill good">Version {turn.version}</span>;
}

const PURPOSES: Record<string, string> = { reply: 'reply', continuation: 'continued', repair: 'repair', 'repair-continuation': 'repair, continued' };

function Usage({ turn }: { turn: ChatTurn }) {
  if (!turn.usage) return null;
  const { inputTokens, outputTokens, costUsd, model, calls = [] } = turn.usage;
  const parts = calls.length > 1 ? calls.map((c) => `${PURPOSES[c.purpose] ?? c.purpose} ${c.inputTokens.toLocaleString()}/${c.outputTokens.toLocaleString()}`).join(' · ') : '';
  return (
    <p className="usage">
      {model} · {inputTokens.toLocaleString()} in / {outputTokens.toLocaleString()} out · ${costUsd.toFixed(4)}
      {parts && <span className="muted"> ({parts})</span>}
    </p>
  );
}

/** What of the reply did not land, and why: next to the model's words, so the chat never claims more than happened. */
function NotApplied({ turn }: { turn: ChatTurn }) {
  if (!turn.refused.length) return null;
  return (
    <div className="not-applied" role="note">
      <p className="not-applied-head">Not applied ({turn.refused.length}):</p>
      <ul className="refused" aria-label="Changes not applied">
        {turn.refused.map((r) => (
          <li key={`${r.path}:${r.code}`}>
            <code>{r.path}</code> <span className="muted">{r.action}</span>: <span className="refusal-message">{r.message}</span>
            {r.causedBy && <span className="muted"> (because {r.causedBy} was not applied)</span>} <span className="muted">({r.code})</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

function Warnings({ turn }: { turn: ChatTurn }) {
  if (!turn.warnings.length) return null;
  return (
    <details className="warnings">
      <summary>
        {turn.warnings.length} warning{turn.warnings.length > 1 ? 's' : ''}
      </summary>
      <ul>
        {turn.warnings.map((w, i) => (
          <li key={i}>
            <code>
              {w.path}
              {w.line ? `:${w.line}` : ''}
            </code>{' '}
            {w.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

function RenderNote({ turn }: { turn: ChatTurn }) {
  const r = turn.render;
  if (!r || (r.status === 'passed' && !r.repaired)) return null;
  if (r.status === 'passed') return <p className="muted small-note">The page broke at first; the repair fixed it.</p>;
  if (r.status === 'unavailable') return <p className="muted small-note">The page could not be checked in a browser this time.</p>;
  return null;
}

function Reply({ turn, cancel }: { turn: ChatTurn; cancel: (turnId: string) => void }) {
  const files = turn.status === 'completed' ? turn.changes : turn.staged;
  const open = turn.status === 'queued' || turn.status === 'running';
  return (
    <li className="reply" data-turn={turn.turnId} data-status={turn.status}>
      <div className="reply-head">
        <Status turn={turn} />
        {open && (
          // Stops the model where it is: what it already wrote is not applied (the turn ends cancelled).
          <button type="button" className="button ghost small reply-stop" onClick={() => cancel(turn.turnId)} title="Stop this turn">
            <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden="true">
              <rect x="3" y="3" width="10" height="10" rx="1.5" fill="currentColor" />
            </svg>
            Stop
          </button>
        )}
      </div>
      {turn.response ? <ReplyMarkdown text={turn.response} live={turn.status === 'running'} /> : open ? <p className="muted typing">Thinking…</p> : null}
      {files.length > 0 && (
        <ul className="files" aria-label="Files changed">
          {files.map((f) => (
            <li key={`${f.action}:${f.path}`}>
              <code>{f.action === 'rename' ? `${f.from} → ${f.path}` : f.path}</code> <span className="muted">{f.action}</span>
            </li>
          ))}
        </ul>
      )}
      <NotApplied turn={turn} />
      <TurnErrorAlert error={turn.error} />
      <RenderNote turn={turn} />
      <Warnings turn={turn} />
      <Usage turn={turn} />
    </li>
  );
}

/** The conversation with the model: each turn's message, its streaming reply, what it changed or refused. */
export function ChatPanel({
  projectId,
  projectName,
  turns,
  send,
  cancel,
  notice,
}: {
  projectId: string;
  projectName: string;
  turns: ChatTurn[];
  send: (message: string, pictures: SentPicture[]) => Promise<void>;
  cancel: (turnId: string) => void;
  /** Said above the composer (the budget warning). */
  notice?: ReactNode;
}) {
  const [draft, setDraft] = useState('');
  const pictures = useDraftPictures(projectId);
  const [dropping, setDropping] = useState(false);
  const [error, setError] = useState<TurnRefusal | null>(null);
  const [sending, setSending] = useState(false);
  // The list scrolls by itself (not the page): keep its newest message in view as replies stream in.
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    if (list.current) list.current.scrollTop = list.current.scrollHeight;
  }, [turns]);

  async function submit(e?: FormEvent) {
    e?.preventDefault();
    const message = draft.trim();
    // A picture still uploading would be left behind: Send waits for it.
    if (!message || sending || pictures.uploading) return;
    setSending(true);
    setError(null);
    try {
      await send(message, pictures.ready);
      setDraft('');
      pictures.clear();
    } catch (err) {
      setError(refusalOf(err));
    } finally {
      setSending(false);
    }
  }

  // Enter sends, Shift+Enter is a new line.
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void submit();
    }
  };

  // Pictures come in three ways: pasted (a screenshot), dropped on the composer, or picked with the paperclip.
  const images = (files: FileList) => [...files].filter((f) => f.type.startsWith('image/'));
  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const found = images(e.clipboardData.files);
    if (!found.length) return;
    e.preventDefault();
    pictures.add(found);
  };
  const carriesFiles = (e: DragEvent) => e.dataTransfer.types.includes('Files');
  const onDragOver = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    setDropping(true);
  };
  const onDrop = (e: DragEvent) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    setDropping(false);
    pictures.add([...e.dataTransfer.files]);
  };

  return (
    <section className="chat" aria-labelledby="chat-title">
      <h1 id="chat-title" className="chat-title">
        {projectName}
      </h1>
      <ol ref={list} className="messages" aria-live="polite">
        {turns.length === 0 && <li className="empty muted">Describe what the page should say or look like: “Make the hero about a coffee subscription”.</li>}
        {turns.map((t) => [
          <li key={`${t.turnId}:q`} className="mine">
            {t.message}
            <MessagePictures attachments={t.attachments} />
          </li>,
          <Reply key={`${t.turnId}:a`} turn={t} cancel={cancel} />,
        ])}
      </ol>
      {notice}
      <form className={`composer${dropping ? ' dropping' : ''}`} onSubmit={submit} onDragOver={onDragOver} onDragLeave={() => setDropping(false)} onDrop={onDrop}>
        <label htmlFor="message" className="sr-only">
          Message
        </label>
        <textarea
          id="message"
          rows={3}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          onKeyDown={onKeyDown}
          onPaste={onPaste}
          placeholder="What should change? (Enter to send, Shift+Enter for a new line; paste or drop pictures)"
        />
        <DraftPictures draft={pictures} />
        <TurnErrorAlert error={error} />
        <div className="composer-actions">
          <label className="button ghost small" title="Attach pictures">
            <svg viewBox="0 0 24 24" width="16" height="16" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
              <path d="M20 11.5l-8.2 8.2a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />
            </svg>
            Picture
            <input
              type="file"
              className="sr-only"
              aria-label="Attach pictures"
              multiple
              accept={ACCEPT.chat}
              onChange={(e) => {
                pictures.add([...(e.target.files ?? [])]);
                e.target.value = '';
              }}
            />
          </label>
          <button className="button primary" type="submit" disabled={sending || pictures.uploading || !draft.trim()}>
            Send
          </button>
        </div>
      </form>
    </section>
  );
}
