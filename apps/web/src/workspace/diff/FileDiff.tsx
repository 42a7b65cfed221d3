import { MergeView, unifiedMergeView } from '@codemirror/merge';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, highlightSpecialChars, lineNumbers } from '@codemirror/view';
import { useEffect, useState } from 'react';
import { ApiError, errorMessage } from '../../api/client';
import { languageFor, readOnly, workspaceEditorLook } from '../code/editor-extensions';
import { readFileBytes } from '../code/file-api';
import { textOf } from '../code/file-kinds';
import { useShadowMount } from '../code/shadow-mount';
import type { DiffSide } from './diff-sides';

export type DiffMode = 'split' | 'unified';

/** Long unchanged stretches fold away, a few lines kept around each change. */
const COLLAPSE = { margin: 3, minSize: 6 };

/**
 * Long lines wrap (a page's copy is long lines of prose; both sides stay aligned), and the folded stretches are
 * marked with arrows every font has (the merge view's own "⦚" is a box in common system fonts).
 */
const DIFF_LOOK: Extension = [EditorView.lineWrapping, EditorView.theme({ '.cm-collapsedLines:before': { content: '"↕"' }, '.cm-collapsedLines:after': { content: '"↕"' } })];

/** A side's text: '' for a side that has no file (a new file's before, a deleted file's after). */
async function sideText(projectId: string, side: DiffSide | null): Promise<string> {
  if (!side) return '';
  try {
    const text = textOf(await readFileBytes(projectId, side.path, side.version));
    // The API already said the file is text (it made a patch of it); bytes that are not are shown as nothing.
    return text ?? '';
  } catch (e) {
    // A file new at this version has no before in the version compared with.
    if (e instanceof ApiError && e.code === 'FILE_NOT_FOUND') return '';
    throw e;
  }
}

/** One changed text file, highlighted, read-only: both versions side by side, or one column with the removed lines shown inline. */
export function FileDiff({ projectId, path, before, after, mode }: { projectId: string; path: string; before: DiffSide | null; after: DiffSide | null; mode: DiffMode }) {
  const [texts, setTexts] = useState<{ before: string; after: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const mount = useShadowMount(host);

  useEffect(() => {
    let live = true;
    Promise.all([sideText(projectId, before), sideText(projectId, after)]).then(
      ([b, a]) => live && setTexts({ before: b, after: a }),
      (e: unknown) => live && setError(errorMessage(e)),
    );
    return () => {
      live = false;
    };
  }, [projectId, before?.path, before?.version, after?.path, after?.version]);

  useEffect(() => {
    if (!mount || !texts) return;
    const look: Extension = [lineNumbers(), highlightSpecialChars(), languageFor(path), workspaceEditorLook, DIFF_LOOK, readOnly];
    if (mode === 'split') {
      const view = new MergeView({
        a: { doc: texts.before, extensions: [look, EditorView.contentAttributes.of({ 'aria-label': `${path} before` })] },
        b: { doc: texts.after, extensions: [look, EditorView.contentAttributes.of({ 'aria-label': `${path} after` })] },
        parent: mount.parent,
        root: mount.root,
        gutter: true,
        highlightChanges: true,
        collapseUnchanged: COLLAPSE,
      });
      return () => view.destroy();
    }
    const view = new EditorView({
      parent: mount.parent,
      root: mount.root,
      state: EditorState.create({
        doc: texts.after,
        extensions: [
          look,
          EditorView.contentAttributes.of({ 'aria-label': `${path}, changes` }),
          unifiedMergeView({ original: texts.before, mergeControls: false, gutter: true, highlightChanges: true, collapseUnchanged: COLLAPSE }),
        ],
      }),
    });
    return () => view.destroy();
  }, [mount, texts, mode, path]);

  if (error) return <p className="error">{error}</p>;
  return (
    <>
      {!texts && <p className="muted">Loading…</p>}
      <div className="diff-file-view" ref={setHost} data-mode={mode} />
    </>
  );
}
