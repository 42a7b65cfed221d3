import type { RenderErrorKind } from '@studio/contracts';
import { isDevServerRace } from '../dev-server-race.js';
import { hasContent, type LoadOutcome } from './page-load.js';
import type { PageSignals, ScriptError, ViteError } from './page-signals.js';
import { lineInText, projectPathOf, projectPathOfId, stackFrames, tidyMessage } from './served-code.js';

/** Where the error is, in whatever terms the page gave it; `locate` turns it into a project file and line. */
export type Where =
  /** A 1-based position in a module as the browser ran it (Vite's output): mapped through its source map. */
  | { served: string; line: number; column: number }
  /** A project file, with the position in the source as written when known (a transform's error). */
  | { file: string; line?: number; column?: number }
  /** An import in `file` names a module that does not exist: the line is the one that names `specifier`. */
  | { file: string; specifier: string };

export interface Finding {
  kind: RenderErrorKind;
  message: string;
  where?: Where;
  /** A module answered 500 but Vite's message for it was not seen: its error page holds the details. */
  refetch?: string;
  /** The network under the browser failed, not the page: the check is worth one more load. */
  transient?: boolean;
  /** A timeout with no error seen: the check could not decide (reported as `unavailable`, never as a failure). */
  inconclusive?: boolean;
}

/** Chromium's messages when a module graph cannot be linked or a module cannot be fetched. */
const LINK_ERROR =
  /does not provide an export named|ambiguous indirect export|conflicting star exports|Failed to fetch dynamically imported module|error loading dynamically imported module|Importing a module script failed/;
/** Vite's import analysis: a relative import names no file. Its fix is the import, as a link error's. */
const UNRESOLVED_IMPORT = /Failed to resolve import "([^"]+)" from "([^"]+)"/;
/**
 * Failures of the machine's network or of the load itself, not of the preview: Chromium aborts requests in
 * flight with ERR_NETWORK_CHANGED whenever an address appears or goes (each container Docker starts adds one),
 * and with ERR_ABORTED when the page navigates while they run (Vite's full reload after it optimised a
 * dependency, or after a file changed mid-load). A module aborted because another one failed never gets here:
 * that failure is the finding (buildFailure, linkFailure come first).
 */
const TRANSIENT = /ERR_NETWORK_CHANGED|ERR_CONNECTION_RESET|ERR_CONNECTION_CLOSED|ERR_EMPTY_RESPONSE|ERR_ABORTED/;
const transient = (reason: string): Pick<Finding, 'transient'> => (TRANSIENT.test(reason) ? { transient: true } : {});
/** Reported as errors by Chromium, harmless to the page. */
const NOISE = /ResizeObserver loop (?:limit exceeded|completed with undelivered notifications)/;

/**
 * The one verdict on a page load, most fundamental cause first: it did not load; a file did not compile;
 * the module graph did not link; code threw; nothing rendered. Pure: the signals in, the finding out.
 */
export function classify(signals: PageSignals, outcome: LoadOutcome, origin: string): Finding | null {
  // The preview did not answer at all: that is the preview's state (restarting, gone), not the page's code.
  if (outcome.state === 'unreachable') return { kind: 'load', message: `The page did not load (${outcome.reason}).`, inconclusive: true, ...transient(outcome.reason) };
  const servedPaths = signals.modules.map((m) => projectPathOf(m.url, origin)).filter((p): p is string => p !== null);
  if (signals.documentStatus !== null) {
    // index.html itself: a 500 is Vite failing to transform it, anything else means there is no page.
    if (signals.documentStatus < 500) return { kind: 'load', message: `The page answered ${signals.documentStatus}.` };
    const vite = signals.vite.find((v) => (v.loc?.file ?? v.id ?? '').endsWith('index.html'));
    return vite ? fromViteError(vite, origin, servedPaths) : { kind: 'build', message: `The page answered ${signals.documentStatus}: index.html could not be served.` };
  }
  const found = buildFailure(signals, origin, servedPaths) ?? linkFailure(signals, origin) ?? uncaught(signals, origin) ?? unloadedModule(signals, origin);
  if (found) return found;
  if (outcome.state === 'timeout') {
    // No error seen, only slowness: on a busy machine a cold Vite can take that long. Not a verdict on the page.
    return outcome.during === 'load'
      ? { kind: 'load', message: `The page did not load within ${outcome.ms} ms.`, inconclusive: true }
      : { kind: 'load', message: `The page did not finish loading within ${outcome.ms} ms (a request that never ends, or a script stuck in a loop).`, inconclusive: true };
  }
  if (!outcome.root.found) return { kind: 'empty-root', message: 'The page has no element with id "root" to render into.' };
  if (!hasContent(outcome.root)) return { kind: 'empty-root', message: 'The page loaded without errors but rendered nothing into #root.' };
  return null;
}

/** Vite's error message about a failed transform, as a finding in the project's terms. */
export function fromViteError(error: ViteError, origin: string, servedPaths: string[]): Finding {
  const id = error.loc?.file ?? error.id;
  const file = id ? projectPathOfId(id, servedPaths) : null;
  const unresolved = UNRESOLVED_IMPORT.exec(error.message);
  const message = tidyMessage(error.message, origin);
  if (unresolved && file) return { kind: 'module-link', message, where: { file, specifier: unresolved[1] } };
  if (unresolved) return { kind: 'module-link', message };
  if (!file) return { kind: 'build', message };
  // Rollup-style `loc` (0-based column); else the line in the message's code frame (SWC's frame header
  // gives the line but not the error's column, so none is claimed).
  if (error.loc?.line) return { kind: 'build', message, where: { file, line: error.loc.line, ...(error.loc.column === undefined ? {} : { column: error.loc.column + 1 }) } };
  const line = lineInText(error.message, id);
  return { kind: 'build', message, where: line ? { file, line } : { file } };
}

/**
 * A module of this load answered 500: Vite could not transform it. Its error message over the HMR socket
 * (or, if that was missed, its 500 page) says why. A socket message alone proves nothing: Vite keeps the
 * last error raised while no page was connected and hands it to the next page that connects, which may
 * be this check's, long after the file was fixed.
 */
function buildFailure(signals: PageSignals, origin: string, servedPaths: string[]): Finding | null {
  const broken = signals.modules.find((m) => m.status !== null && m.status >= 500);
  if (!broken) return null;
  const file = projectPathOf(broken.url, origin);
  const vite = file ? signals.vite.find((v) => projectPathOfId(v.loc?.file ?? v.id ?? '', [file]) === file) : undefined;
  if (vite) return fromViteError(vite, origin, servedPaths);
  return { kind: 'build', message: `${file ?? broken.url} could not be compiled (${broken.status}).`, where: file ? { file } : undefined, refetch: broken.url };
}

/** The page's own errors; Playwright's copies only when the page's listeners saw none (they have no position). */
function scriptErrors(signals: PageSignals, origin: string): ScriptError[] {
  const fromPage = signals.errors.length ? signals.errors : signals.pageErrors;
  // Vite's client's own troubles (its socket) are not the project's.
  return fromPage.filter((e) => !NOISE.test(e.message) && !stackFrames(e.stack)[0]?.url.startsWith(`${origin}/@vite/client`));
}

function linkFailure(signals: PageSignals, origin: string): Finding | null {
  const link = scriptErrors(signals, origin).find((e) => LINK_ERROR.test(e.message));
  if (link) return { kind: 'module-link', message: tidyMessage(link.message, origin), where: servedWhere(link, origin) };
  const missing = signals.modules.find((m) => m.status !== null && m.status >= 400);
  if (missing) {
    const path = new URL(missing.url).pathname;
    return { kind: 'module-link', message: `A module the page imports, ${path}, was not found (${missing.status}).` };
  }
  return null;
}

function uncaught(signals: PageSignals, origin: string): Finding | null {
  const error = scriptErrors(signals, origin).find((e) => !LINK_ERROR.test(e.message));
  if (!error) return null;
  const message = tidyMessage(error.source === 'rejection' ? `Unhandled promise rejection: ${error.message}` : error.message, origin);
  return { kind: 'uncaught', message, where: servedWhere(error, origin), ...(isDevServerRace(error.message) ? { transient: true } : {}) };
}

/** A module request with no answer at all, or a module script that failed for a reason nothing else explains. */
function unloadedModule(signals: PageSignals, origin: string): Finding | null {
  const answered = new Set(signals.modules.filter((m) => m.status !== null).map((m) => m.url));
  const failed = signals.modules.find((m) => m.status === null && !answered.has(m.url));
  if (failed) {
    return { kind: 'module-link', message: `A module the page imports, ${new URL(failed.url).pathname}, could not be fetched (${failed.reason}).`, ...transient(failed.reason) };
  }
  const [script] = signals.failedScripts;
  if (script !== undefined) return { kind: 'module-link', message: `The page's script ${projectPathOf(script, origin) ?? script} failed to load.` };
  return null;
}

/** The error's own position when it is in project code, else the first stack frame that is. */
function servedWhere(error: ScriptError, origin: string): Where | undefined {
  if (error.url && error.line && projectPathOf(error.url, origin)) return { served: error.url, line: error.line, column: error.column ?? 1 };
  const frame = stackFrames(error.stack).find((f) => projectPathOf(f.url, origin));
  return frame ? { served: frame.url, line: frame.line, column: frame.column } : undefined;
}
