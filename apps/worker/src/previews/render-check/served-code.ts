/**
 * How Vite's dev server names the project's code, and back: served URLs and absolute ids to project paths,
 * stack frames to positions, and messages cleaned of the preview's own file system.
 */

/**
 * The project file a served URL is, or null when it is not one: `/src/App.tsx?t=123` is `src/App.tsx`;
 * Vite's own modules (`/@vite/client`, `/@fs/...`, `/@id/...`, `/@react-refresh`), pre-bundled packages and
 * other origins are not.
 */
export function projectPathOf(url: string, origin: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.origin !== origin) return null;
  let path: string;
  try {
    path = decodeURIComponent(parsed.pathname).replace(/^\/+/, '');
  } catch {
    return null;
  }
  if (!path || path.startsWith('@') || path.startsWith('node_modules/') || path.includes('/.vite/')) return null;
  return path;
}

/**
 * The project path of an absolute id from Vite (`/work/project/src/App.tsx`). The served paths the page
 * asked for are the surest guide (an id ends with one of them); else the part after the preview's
 * project folder, which the agent always names `project`.
 */
export function projectPathOfId(id: string, servedPaths: string[]): string | null {
  const clean = id.split('?')[0];
  const known = servedPaths.filter((p) => clean.endsWith(`/${p}`)).sort((a, b) => b.length - a.length)[0];
  if (known) return known;
  const at = clean.indexOf('/project/');
  return at >= 0 ? clean.slice(at + '/project/'.length) : null;
}

export interface Frame {
  url: string;
  /** 1-based, as in a stack trace. */
  line: number;
  column: number;
}

/** The frames of a V8 stack trace (`at fn (url:line:column)` or `at url:line:column`) that have a URL. */
export function stackFrames(stack: string | undefined): Frame[] {
  const frames: Frame[] = [];
  for (const text of (stack ?? '').split('\n')) {
    const match = /(https?:\/\/[^\s()]+):(\d+):(\d+)\)?\s*$/.exec(text.trim());
    if (match) frames.push({ url: match[1], line: Number(match[2]), column: Number(match[3]) });
  }
  return frames;
}

/** `react-dom_client.js?v=..` in Vite's dependency cache was the import `react-dom/client`. */
const PREBUNDLED = /(?:\/@fs)?\/[^\s'"`]*\/\.vite\/deps\/([\w@.-]+?)\.js(?:\?v=\w+)?/g;
/** An absolute or relative path into the preview's working copy (`../../tmp/…/project/src/App.tsx`). */
const WORKING_COPY = /(?<![\w@./-])(?:(?:\.\.\/)+|\/)(?:[\w@.-]+\/)*?project\//g;
const MAX_MESSAGE = 2000;

/**
 * A message as the model and a person should read it: in the project's terms (no preview paths, origins
 * or cache-busting queries), without the console's `Uncaught ` prefix, and not endless.
 */
export function tidyMessage(message: string, origin: string): string {
  const tidy = message
    .replace(/^Uncaught (?:\(in promise\) )?/, '')
    .replace(PREBUNDLED, (_all, name: string) => name.replaceAll('_', '/'))
    .replaceAll(`${origin}/`, '/')
    .replace(WORKING_COPY, '')
    .replace(/(\.[cm]?[jt]sx?|\.css)\?t=\d+/g, '$1')
    .trim();
  return tidy.length > MAX_MESSAGE ? `${tidy.slice(0, MAX_MESSAGE)}…` : tidy;
}

/**
 * Transforms that put the position only in the text (SWC: `,-[/work/project/src/Hero.tsx:26:1]`): the line
 * of the first `file:line:column` for the failing file, else of any.
 */
export function lineInText(text: string, id: string | undefined): number | null {
  const escaped = id?.split('?')[0].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const match = (escaped ? new RegExp(`${escaped}:(\\d+)(?::\\d+)?`).exec(text) : null) ?? /:(\d+):\d+\b/.exec(text);
  return match ? Number(match[1]) : null;
}
