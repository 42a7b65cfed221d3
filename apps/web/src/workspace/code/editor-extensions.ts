import { css } from '@codemirror/lang-css';
import { html } from '@codemirror/lang-html';
import { javascript } from '@codemirror/lang-javascript';
import { json } from '@codemirror/lang-json';
import { markdown } from '@codemirror/lang-markdown';
import { defaultHighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { classHighlighter } from '@lezer/highlight';
import { type Language, languageOf, lineBreakOf } from './file-kinds';

const LANGUAGE: Record<Language, () => Extension> = {
  typescript: () => javascript({ typescript: true }),
  tsx: () => javascript({ typescript: true, jsx: true }),
  javascript: () => javascript(),
  jsx: () => javascript({ jsx: true }),
  css: () => css(),
  html: () => html(),
  json: () => json(),
  markdown: () => markdown(),
  plain: () => [],
};

/** The grammar that highlights a file, chosen by its extension (file-kinds.ts). */
export const languageFor = (path: string): Extension => LANGUAGE[languageOf(path)]();

/**
 * The look of every editor of the workspace (the code view and the diff). The editors live in shadow roots
 * (shadow-mount.ts), where the page's stylesheet does not reach: the app's colours come in through its CSS
 * variables, which do inherit. Besides CodeMirror's own highlight style, tokens also get stable `tok-*`
 * classes (a person's user stylesheet, the browser tests) that mean the same in every release. The colours are
 * set here, not as basicSetup's fallback: a fallback style gives way to any other highlighter, the classes' too.
 */
export const workspaceEditorLook: Extension = [
  syntaxHighlighting(defaultHighlightStyle),
  syntaxHighlighting(classHighlighter),
  EditorView.theme({
    '&': { height: '100%', fontSize: '13px', backgroundColor: 'var(--panel, #fff)', color: 'var(--text, #151826)' },
    '&.cm-focused': { outline: '2px solid var(--primary, #4f46e5)', outlineOffset: '-2px' },
    '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.5' },
    '.cm-gutters': { backgroundColor: '#f6f7fb', color: '#8a90a2', borderRight: '1px solid var(--line, #e3e6ef)' },
    '.cm-content': { tabSize: '2' },
  }),
];

/**
 * A file's text as the editor holds it: its lines joined with the break the file was written with, so saving
 * changes no byte the person did not touch.
 */
export const lineBreakFor = (text: string): Extension => EditorState.lineSeparator.of(lineBreakOf(text));

/** Nothing typed, nothing changed by a command: an older version, and both sides of a diff. */
export const readOnly: Extension = [EditorState.readOnly.of(true), EditorView.editable.of(false)];
