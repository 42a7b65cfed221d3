import { Compartment, EditorState, Prec, type Text } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { type RefObject, useEffect, useRef, useState } from 'react';
import { languageFor, lineBreakFor, readOnly as readOnlyExtension, workspaceEditorLook } from './editor-extensions';
import { useShadowMount } from './shadow-mount';

/** What the panel asks of the editor: the text as typed, and that it now counts as saved. */
export interface EditorHandle {
  text(): string;
  markSaved(): void;
}

export interface CodeEditorProps {
  path: string;
  /** The text as loaded; read when `loadId` changes (a save keeps the buffer, its cursor and its undo history). */
  text: string;
  /** Unsaved text to show over `text` at this load (kept while an older version was shown); undo goes back to `text`. */
  draft?: string;
  loadId: number;
  readOnly: boolean;
  /** Whether the buffer differs from the text last loaded or saved. */
  onDirty: (dirty: boolean) => void;
  /** Ctrl-S / Cmd-S in the editor. */
  onSave: () => void;
  handle: RefObject<EditorHandle | null>;
  label: string;
}

/** One file in CodeMirror 6, highlighted by its extension, with line numbers, search and undo (basicSetup). */
export function CodeEditor({ path, text, draft, loadId, readOnly, onDirty, onSave, handle, label }: CodeEditorProps) {
  const [host, setHost] = useState<HTMLDivElement | null>(null);
  const mount = useShadowMount(host);
  const view = useRef<EditorView | null>(null);
  const editable = useRef(new Compartment());
  // The text saved or loaded last: the buffer is dirty while it differs from it.
  const saved = useRef<Text | null>(null);
  // The latest callbacks, read by the editor's listeners (made once per load).
  const callbacks = useRef({ onDirty, onSave });
  callbacks.current = { onDirty, onSave };

  useEffect(() => {
    if (!mount) return;
    const v = new EditorView({ parent: mount.parent, root: mount.root });
    view.current = v;
    handle.current = {
      text: () => v.state.doc.toString(),
      markSaved: () => {
        saved.current = v.state.doc;
        callbacks.current.onDirty(false);
      },
    };
    return () => {
      v.destroy();
      view.current = null;
      handle.current = null;
    };
  }, [mount, handle]);

  // A new buffer only for a new load (loadId), not for each text the panel keeps after a save.
  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const state = EditorState.create({
      doc: text,
      extensions: [
        // Before basicSetup's keymap, so the browser's "save page" never opens over the editor.
        Prec.highest(
          keymap.of([
            {
              key: 'Mod-s',
              preventDefault: true,
              run: () => {
                callbacks.current.onSave();
                return true;
              },
            },
          ]),
        ),
        basicSetup,
        languageFor(path),
        lineBreakFor(text),
        workspaceEditorLook,
        editable.current.of(readOnly ? readOnlyExtension : []),
        EditorView.contentAttributes.of({ 'aria-label': label }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged) callbacks.current.onDirty(!(saved.current && u.state.doc.eq(saved.current)));
        }),
      ],
    });
    saved.current = state.doc;
    v.setState(state);
    if (draft !== undefined && draft !== text) v.dispatch({ changes: { from: 0, to: state.doc.length, insert: draft } });
    else callbacks.current.onDirty(false);
  }, [mount, loadId]);

  useEffect(() => {
    view.current?.dispatch({ effects: editable.current.reconfigure(readOnly ? readOnlyExtension : []) });
  }, [readOnly]);

  return <div className="code-editor" ref={setHost} data-path={path} />;
}
