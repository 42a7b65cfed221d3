import type { FileEntry } from '@studio/contracts';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { Alert } from '../../ui/Alert';
import { useBlobUrl } from '../../ui/use-blob-url';
import type { EditorHandle } from './CodeEditor';
import { FileTree } from './FileTree';
import { listFiles, rawFileUrl, readFileBytes, saveFileText } from './file-api';
import { formatBytes, imageTypeOf, textOf } from './file-kinds';
import { foldersOf } from './file-tree';
import './code.css';

export interface CodePanelProps {
  projectId: string;
  /** The project's head as the page knows it. */
  head: number;
  /** The version whose files are shown; null shows the head (editable). An older version is read-only. */
  version: number | null;
  /** A save made this version (the new head). */
  onSaved: (version: number) => void;
}

/** The file in the editor: its text, or what it is when it is not text. `version`: the version it was read from (a save's base). */
type OpenFile = { path: string; version: number } & ({ kind: 'text'; text: string; loadId: number; draft?: string } | { kind: 'binary'; size: number; imageType: string | null });

/** Unsaved text kept aside while an older version is shown read-only: it comes back with the latest. */
interface Draft {
  path: string;
  /** The version the text was typed on (its save's base) and the file's text there. */
  version: number;
  original: string;
  text: string;
}

/** What the panel tells a person about the last save. */
type Notice = { kind: 'saved'; version: number } | { kind: 'restored' } | { kind: 'conflict'; head: number | null } | { kind: 'refused'; message: string };

// CodeMirror and its grammars are most of the client's weight: loaded the first time a file is opened, not with every page.
const CodeEditor = lazy(() => import('./CodeEditor').then((m) => ({ default: m.CodeEditor })));

/** Each load gets a new id: the editor makes a new buffer for it (a save keeps the buffer). */
let loads = 0;

const headOf = (err: ApiError): number | null => (typeof err.details?.headVersion === 'number' ? err.details.headVersion : null);

/**
 * The code view: the file tree of the version shown and the open file in CodeMirror. Saving writes a version on
 * top of the version the buffer was read from (compare-and-swap); when the head moved meanwhile the buffer stays
 * as typed and the person chooses: save it on top of the new head, or load the head. An older version is read-only.
 */
export function CodePanel({ projectId, head, version, onSaved }: CodePanelProps) {
  const shown = version ?? head;
  const readOnly = version !== null && version !== head;
  const [files, setFiles] = useState<FileEntry[] | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set(['src']));
  const [open, setOpen] = useState<OpenFile | null>(null);
  const [dirty, setDirty] = useState(false);
  const [saving, setSaving] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  // load() reads the draft when its answer comes, not when it was called.
  const draftNow = useRef(draft);
  draftNow.current = draft;
  const editor = useRef<EditorHandle | null>(null);
  // The newest request wins: a slow answer for a file the person already left is dropped.
  const latest = useRef(0);

  useEffect(() => {
    if (shown < 1) return;
    let live = true;
    listFiles(projectId, shown).then(
      (list) => live && setFiles(list),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [projectId, shown]);

  const load = useCallback(
    async (path: string, at: number, { keepBuffer = false, editable = true } = {}) => {
      const ticket = ++latest.current;
      setError(null);
      try {
        const bytes = await readFileBytes(projectId, path, at);
        if (ticket !== latest.current) return;
        const text = textOf(bytes);
        if (text === null) {
          setOpen({ path, version: at, kind: 'binary', size: bytes.length, imageType: imageTypeOf(path) });
          return;
        }
        const kept = draftNow.current;
        if (editable && kept?.path === path) {
          // Back from an older version: the unsaved text returns, still based on the version it was typed on.
          setDraft(null);
          setDirty(true);
          setOpen({ path, version: kept.version, kind: 'text', text: kept.original, draft: kept.text, loadId: ++loads });
          setNotice({ kind: 'restored' });
          return;
        }
        // The same text at a newer version (another file changed): only the save's base moves, the cursor stays.
        setOpen((o) => (keepBuffer && o?.kind === 'text' && o.path === path && o.text === text ? { ...o, version: at } : { path, version: at, kind: 'text', text, loadId: ++loads }));
      } catch (e) {
        if (ticket !== latest.current) return;
        if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') {
          setOpen(null);
          setError(`${path} is not in version ${at}.`);
        } else setError(errorMessage(e));
      }
    },
    [projectId],
  );

  // The version shown moved (a turn, a save, a restore, another tab): an unchanged open file follows it; a
  // changed one keeps what was typed (its save then finds the conflict, and says so), or, when an older version
  // is shown read-only, is kept aside until the latest is shown again.
  useEffect(() => {
    if (!open || open.version === shown || shown < 1) return;
    if (dirty) {
      if (!readOnly || open.kind !== 'text' || !editor.current) return;
      setDraft({ path: open.path, version: open.version, original: open.text, text: editor.current.text() });
      setDirty(false);
    }
    // The buffer stays (its cursor, its undo) only when it holds just what was loaded.
    void load(open.path, shown, { keepBuffer: !dirty, editable: !readOnly });
  }, [shown, open, dirty, readOnly, load]);

  // A notice is about what the person did on the version they were on.
  // Cleared when the view switches between editable and read-only.
  useEffect(() => setNotice(null), [readOnly]);

  // Leaving the page with unsaved text asks first, as the browser does for a form.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const openFile = (path: string) => {
    if (path === open?.path) return;
    if (dirty && !window.confirm(`Your changes to ${open?.path} are not saved. Open ${path} and drop them?`)) return;
    setDirty(false);
    setNotice(null);
    setExpanded((e) => new Set([...e, ...foldersOf(path)]));
    void load(path, shown, { editable: !readOnly });
  };

  const save = async (base?: number) => {
    if (!open || open.kind !== 'text' || readOnly || saving || !dirty || !editor.current) return;
    const text = editor.current.text();
    setSaving(true);
    setNotice(null);
    setCopied(false);
    try {
      const { version: made } = await saveFileText(projectId, open.path, base ?? open.version, text);
      editor.current?.markSaved();
      setOpen((o) => (o?.path === open.path && o.kind === 'text' ? { ...o, version: made, text } : o));
      setNotice({ kind: 'saved', version: made });
      onSaved(made);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'VERSION_CONFLICT') setNotice({ kind: 'conflict', head: headOf(e) });
      else setNotice({ kind: 'refused', message: errorMessage(e) });
    } finally {
      setSaving(false);
    }
  };

  const dropMine = (at: number) => {
    if (!open || !window.confirm(`Drop your changes to ${open.path} and load version ${at}?`)) return;
    setDirty(false);
    setNotice(null);
    void load(open.path, at, { editable: !readOnly });
  };

  const copyMine = () => {
    const text = editor.current?.text();
    if (text === undefined) return;
    navigator.clipboard.writeText(text).then(
      () => setCopied(true),
      () => setError('The browser did not let the page copy; select the text in the editor and copy it yourself.'),
    );
  };

  return (
    <section
      className="code-panel"
      aria-label="Code"
      onKeyDown={(e) => {
        // Ctrl/Cmd-S anywhere in the panel (the tree, the buttons) saves too; the editor handles its own.
        if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's' && !e.defaultPrevented) {
          e.preventDefault();
          void save();
        }
      }}
    >
      <nav className="code-files" aria-label="Project files">
        <p className="code-files-title">
          Files <span className="muted">· version {shown}</span>
        </p>
        {files ? <FileTree files={files} expanded={expanded} setExpanded={setExpanded} openPath={open?.path ?? null} onOpen={openFile} /> : <p className="muted">Loading…</p>}
      </nav>
      <div className="code-main">
        <div className="code-toolbar">
          <code className="code-path grow">{open?.path ?? 'No file open'}</code>
          {readOnly ? (
            <span className="pill" data-testid="code-read-only">
              read-only: version {shown}
            </span>
          ) : (
            open?.kind === 'text' && (
              <span className={dirty ? 'pill warn' : 'pill'} data-testid="code-state">
                {dirty ? 'Modified' : `version ${open.version}`}
              </span>
            )
          )}
          {!readOnly && open?.kind === 'text' && (
            <button type="button" className="button primary small" onClick={() => void save()} disabled={!dirty || saving} aria-keyshortcuts="Control+S Meta+S">
              {saving ? 'Saving…' : 'Save'}
            </button>
          )}
        </div>
        <Alert message={error} />
        {notice?.kind === 'refused' && <Alert message={notice.message} />}
        {notice?.kind === 'restored' && (
          <p className="code-notice good" role="status">
            Your unsaved changes are back.
          </p>
        )}
        {draft && readOnly && (
          <p className="code-notice draft" role="status">
            Your unsaved changes to <code>{draft.path}</code> are kept: they come back when you show the latest version.
          </p>
        )}
        {notice?.kind === 'saved' && (
          <p className="code-notice good" role="status">
            Saved as version {notice.version}.
          </p>
        )}
        {notice?.kind === 'conflict' && open && (
          <div className="code-notice conflict" role="alert">
            <p>
              <strong>The project changed since you opened this file</strong> (you started from version {open.version}
              {notice.head ? `; it is at version ${notice.head} now` : ''}). Nothing was saved, and your text is still here.
            </p>
            <div className="row">
              {notice.head && (
                <button type="button" className="button small" onClick={() => void save(notice.head ?? undefined)}>
                  Save mine over version {notice.head}
                </button>
              )}
              {notice.head && (
                <button type="button" className="button ghost small" onClick={() => notice.head && dropMine(notice.head)}>
                  Load version {notice.head} (drop mine)
                </button>
              )}
              <button type="button" className="button ghost small" onClick={copyMine}>
                {copied ? 'Copied' : 'Copy my text'}
              </button>
            </div>
          </div>
        )}
        {!open ? (
          <p className="code-empty muted">Pick a file to see it{readOnly ? '' : ' and edit it'}.</p>
        ) : open.kind === 'text' ? (
          <Suspense fallback={<p className="code-empty muted">Loading the editor…</p>}>
            <CodeEditor
              path={open.path}
              text={open.text}
              draft={open.draft}
              loadId={open.loadId}
              readOnly={readOnly}
              onDirty={setDirty}
              onSave={() => void save()}
              handle={editor}
              label={`${open.path}${readOnly ? `, read-only, version ${shown}` : ''}`}
            />
          </Suspense>
        ) : (
          <BinaryFile projectId={projectId} path={open.path} version={open.version} size={open.size} imageType={open.imageType} />
        )}
      </div>
    </section>
  );
}

/** A file that is not text: an image drawn from its bytes, anything else named with its size. */
function BinaryFile({ projectId, path, version, size, imageType }: { projectId: string; path: string; version: number; size: number; imageType: string | null }) {
  const { src, failed } = useBlobUrl(imageType ? rawFileUrl(projectId, path, version) : null, imageType ?? undefined);
  return (
    <div className="code-binary">
      <p className="muted">Binary file, {formatBytes(size)}.</p>
      {src && <img src={src} alt={`${path} at version ${version}`} />}
      {failed && <p className="muted">The image could not be shown.</p>}
    </div>
  );
}
