import type { ChatAttachmentView, UploadView } from '@studio/contracts';
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { errorMessage } from '../api/client';
import { MAX_CHAT_PICTURES } from '../api/upload-checks';
import { uploadFile } from '../api/uploads';
import { useBlobUrl } from '../ui/use-blob-url';

/** A picture on the message being written: uploading (a ring), ready to send, or refused (with why). */
export interface DraftPicture {
  key: number;
  name: string;
  /** A blob: URL of the person's own file, shown at once, before the upload ends. */
  localUrl: string;
  progress: number;
  stage: 'sending' | 'checking' | 'ready' | 'failed';
  use: 'reference' | 'asset';
  upload?: UploadView;
  error?: string;
  abort: AbortController;
}

/** A picture that went with a sent message: what `attachments` carries and what the chat shows of it. */
export interface SentPicture {
  upload: UploadView;
  use: 'reference' | 'asset';
}

/** The pictures of the message being written: each uploads (purpose `chat`) as soon as it is added. */
export function useDraftPictures(projectId: string) {
  const [pictures, setPictures] = useState<DraftPicture[]>([]);
  const [refusal, setRefusal] = useState<string | null>(null);
  const nextKey = useRef(0);
  // The latest list, for the unmount cleanup (the effect's closure would see the first one).
  const current = useRef(pictures);
  current.current = pictures;
  useEffect(
    () => () => {
      for (const p of current.current) drop(p);
    },
    [],
  );

  const patch = (key: number, change: Partial<DraftPicture>) => setPictures((ps) => ps.map((p) => (p.key === key ? { ...p, ...change } : p)));

  const add = useCallback(
    (files: File[]) => {
      setRefusal(null);
      const room = MAX_CHAT_PICTURES - current.current.length;
      if (files.length > room) setRefusal(`A message can carry ${MAX_CHAT_PICTURES} pictures at most.`);
      for (const file of files.slice(0, Math.max(room, 0))) {
        const key = nextKey.current++;
        const abort = new AbortController();
        setPictures((ps) => [...ps, { key, name: file.name, localUrl: URL.createObjectURL(file), progress: 0, stage: 'sending', use: 'reference', abort }]);
        uploadFile(projectId, file, {
          purpose: 'chat',
          signal: abort.signal,
          onProgress: (progress) => patch(key, { progress }),
          onProcessing: () => patch(key, { stage: 'checking' }),
        }).then(
          (upload) => patch(key, { stage: 'ready', upload, progress: 1 }),
          (err: unknown) => !abort.signal.aborted && patch(key, { stage: 'failed', error: errorMessage(err) }),
        );
      }
    },
    [projectId],
  );

  const remove = (key: number) => {
    const gone = current.current.find((p) => p.key === key);
    if (gone) drop(gone);
    setPictures((ps) => ps.filter((p) => p.key !== key));
  };
  const toggleUse = (key: number) => setPictures((ps) => ps.map((p) => (p.key === key ? { ...p, use: p.use === 'asset' ? 'reference' : 'asset' } : p)));
  /** After the message went: the chips leave the composer (the sent message shows the pictures from the API). */
  const clear = () => {
    for (const p of current.current) drop(p);
    setPictures([]);
  };

  const uploading = pictures.some((p) => p.stage === 'sending' || p.stage === 'checking');
  const ready: SentPicture[] = pictures.flatMap((p) => (p.stage === 'ready' && p.upload ? [{ upload: p.upload, use: p.use }] : []));
  return { pictures, refusal, add, remove, toggleUse, clear, uploading, ready };
}

function drop(p: DraftPicture) {
  p.abort.abort();
  URL.revokeObjectURL(p.localUrl);
}

const RING = 2 * Math.PI * 15;

/** A picture's chip in the composer: the image, a ring while it uploads, its "use on page" toggle and a remove button. */
function Chip({ picture, remove, toggleUse }: { picture: DraftPicture; remove: () => void; toggleUse: () => void }) {
  const busy = picture.stage === 'sending' || picture.stage === 'checking';
  return (
    <li className="picture-chip" data-stage={picture.stage}>
      <div className="picture-chip-image">
        {/* The name is written beside it. */}
        <img src={picture.localUrl} alt="" />
        {busy && (
          <svg
            className={`ring${picture.stage === 'checking' ? ' checking' : ''}`}
            viewBox="0 0 36 36"
            role="progressbar"
            aria-label={`Uploading ${picture.name}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(picture.progress * 100)}
          >
            <circle cx="18" cy="18" r="15" className="ring-track" />
            <circle cx="18" cy="18" r="15" className="ring-value" strokeDasharray={RING} strokeDashoffset={RING * (1 - picture.progress)} />
          </svg>
        )}
      </div>
      <div className="picture-chip-body">
        <span className="picture-chip-name" title={picture.name}>
          {picture.name}
        </span>
        {picture.stage === 'failed' ? (
          <span className="error" role="alert">
            {picture.error}
          </span>
        ) : (
          <label className="picture-use">
            <input type="checkbox" checked={picture.use === 'asset'} onChange={toggleUse} /> Use on page
          </label>
        )}
      </div>
      <button type="button" className="link picture-remove" aria-label={`Remove ${picture.name}`} onClick={remove}>
        ×
      </button>
    </li>
  );
}

export function DraftPictures({ draft }: { draft: ReturnType<typeof useDraftPictures> }) {
  if (!draft.pictures.length && !draft.refusal) return null;
  return (
    <>
      {draft.refusal && (
        <p className="error" role="alert">
          {draft.refusal}
        </p>
      )}
      <ul className="picture-chips" aria-label="Pictures to send">
        {draft.pictures.map((p) => (
          <Chip key={p.key} picture={p} remove={() => draft.remove(p.key)} toggleUse={() => draft.toggleUse(p.key)} />
        ))}
      </ul>
    </>
  );
}

/** One picture of a sent message: small, fetched with the person's credential; a click shows it large. */
function MessagePicture({ attachment }: { attachment: ChatAttachmentView }) {
  const { src, failed } = useBlobUrl(attachment.url, attachment.contentType);
  const [open, setOpen] = useState(false);
  const close = (e: KeyboardEvent) => e.key === 'Escape' && setOpen(false);
  if (!src)
    return (
      <span className="message-picture placeholder" title={attachment.fileName}>
        {failed ? '?' : ''}
      </span>
    );
  return (
    <>
      <button type="button" className="message-picture" onClick={() => setOpen(true)} aria-label={`Open ${attachment.fileName} larger`}>
        <img src={src} alt={attachment.fileName} width={attachment.width} height={attachment.height} />
        {attachment.use === 'asset' && <span className="pill">on page</span>}
      </button>
      {open && (
        // biome-ignore lint/a11y/useSemanticElements: a click anywhere closes the overlay; Escape too, from the button inside.
        <div className="lightbox" role="dialog" aria-label={attachment.fileName} onClick={() => setOpen(false)} onKeyDown={close}>
          <img src={src} alt={attachment.fileName} />
          {/* biome-ignore lint/a11y/noAutofocus: the overlay takes the focus so Escape closes it. */}
          <button type="button" className="button small" autoFocus onClick={() => setOpen(false)}>
            Close
          </button>
        </div>
      )}
    </>
  );
}

export function MessagePictures({ attachments }: { attachments?: ChatAttachmentView[] }) {
  if (!attachments?.length) return null;
  return (
    <span className="message-pictures">
      {attachments.map((a) => (
        <MessagePicture key={a.uploadId} attachment={a} />
      ))}
    </span>
  );
}
