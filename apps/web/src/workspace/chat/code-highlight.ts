import { cssLanguage } from '@codemirror/lang-css';
import { htmlLanguage } from '@codemirror/lang-html';
import { javascriptLanguage, jsxLanguage, tsxLanguage, typescriptLanguage } from '@codemirror/lang-javascript';
import { jsonLanguage } from '@codemirror/lang-json';
import type { Language } from '@codemirror/language';
import { classHighlighter, highlightCode } from '@lezer/highlight';

/** A piece of a code block: its text and the highlighter's classes (`tok-keyword`…), '' for plain text. */
export interface CodeRun {
  text: string;
  className: string;
}

// The languages a landing page is written in, by the names a fence carries (```tsx).
const LANGUAGES: Record<string, Language> = {
  js: javascriptLanguage,
  javascript: javascriptLanguage,
  mjs: javascriptLanguage,
  jsx: jsxLanguage,
  ts: typescriptLanguage,
  typescript: typescriptLanguage,
  tsx: tsxLanguage,
  css: cssLanguage,
  html: htmlLanguage,
  json: jsonLanguage,
};

/** Past this a block is shown plain: highlighting a huge block on every streamed frame would stall the chat. */
export const HIGHLIGHT_MAX_CHARS = 20_000;

/**
 * The code as runs of highlighted text, with the same parsers the code view uses (CodeMirror's Lezer
 * grammars, bundled: nothing from a CDN). An unknown or missing language, or a block too big, is one plain run.
 * Line breaks stay inside the runs' text, so `<pre>` lays them out.
 */
export function highlightRuns(code: string, language: string | undefined): CodeRun[] {
  const lang = language ? LANGUAGES[language.toLowerCase()] : undefined;
  if (!lang || code.length > HIGHLIGHT_MAX_CHARS) return [{ text: code, className: '' }];
  const runs: CodeRun[] = [];
  const put = (text: string, className: string) => {
    const last = runs.at(-1);
    if (last && last.className === className) last.text += text;
    else runs.push({ text, className });
  };
  highlightCode(code, lang.parser.parse(code), classHighlighter, put, () => put('\n', ''));
  return runs;
}
