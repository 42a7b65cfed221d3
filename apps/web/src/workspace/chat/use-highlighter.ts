import { useEffect, useState } from 'react';
import type { CodeRun } from './code-highlight';

type Highlight = (code: string, language: string | undefined) => CodeRun[];

// The grammars are most of CodeMirror's weight: loaded (once, for every block) when a reply first shows code,
// not with the app, which stays small for the people who never see a code block.
let loading: Promise<Highlight> | null = null;
let loaded: Highlight | null = null;
const load = () => (loading ??= import('./code-highlight').then((m) => (loaded = m.highlightRuns)));

/** The highlighter once it has loaded; null before (a block shows plain meanwhile, then highlighted). */
export function useHighlighter(): Highlight | null {
  const [highlight, setHighlight] = useState<Highlight | null>(() => loaded);
  useEffect(() => {
    if (highlight) return;
    let live = true;
    load().then(
      (h) => live && setHighlight(() => h),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, [highlight]);
  return highlight;
}
