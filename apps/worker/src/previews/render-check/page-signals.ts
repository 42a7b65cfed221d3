import type { BrowserContext, Page, Request, Response, WebSocket } from 'playwright-core';

/** An exception the page did not catch, as the page saw it. */
export interface ScriptError {
  /** `error`/`rejection`: from the page's own listeners (with the position); `pageerror`: Playwright's view. */
  source: 'error' | 'rejection' | 'pageerror';
  message: string;
  /** The script the error event names, and the 1-based line and column in it as the browser ran it. */
  url?: string;
  line?: number;
  column?: number;
  stack?: string;
}

/** A module of the page (same origin) that answered >= 400 or could not be fetched at all. */
export interface ModuleFailure {
  url: string;
  /** null: no answer (the request failed or was aborted). */
  status: number | null;
  reason: string;
}

/** Vite's `error` message to the page (what draws its error overlay): a transform failed. */
export interface ViteError {
  message: string;
  /** The failing file, an absolute path in the preview's file system. */
  id?: string;
  loc?: { file?: string; line?: number; column?: number };
  plugin?: string;
}

export interface PageSignals {
  errors: ScriptError[];
  /** Playwright's `pageerror`s: the same exceptions as `errors` without positions; used when `errors` has none. */
  pageErrors: ScriptError[];
  modules: ModuleFailure[];
  vite: ViteError[];
  /** `<script type="module">` elements whose module graph failed to load (the element's own error event). */
  failedScripts: string[];
  /** The page's own answer, when it was >= 400. */
  documentStatus: number | null;
}

const BINDING = '__studioRenderCheck';
const MAX_TEXT = 4000;

/**
 * Runs in the page before any of its scripts. The capture phase sees every error event: a module that
 * fails to link reports the importing module's URL, line and column only here (Playwright's pageerror has
 * no position for it). A <script> whose module graph failed fires a plain Event at the element.
 */
const INIT_SCRIPT = `(() => {
  const report = (entry) => { try { window.${BINDING}(entry); } catch {} };
  const text = (value) => (value && typeof value === 'object' && 'message' in value ? (value.name ? value.name + ': ' : '') + String(value.message) : String(value));
  const stackOf = (value) => (value && typeof value === 'object' && typeof value.stack === 'string' ? value.stack : undefined);
  window.addEventListener('error', (event) => {
    if (event instanceof ErrorEvent) {
      report({ type: 'error', message: event.message || text(event.error), url: event.filename, line: event.lineno, column: event.colno, stack: stackOf(event.error) });
    } else if (event.target && event.target.tagName === 'SCRIPT') {
      report({ type: 'script', url: event.target.src });
    }
  }, true);
  window.addEventListener('unhandledrejection', (event) => report({ type: 'rejection', message: text(event.reason), stack: stackOf(event.reason) }));
})();`;

const clip = (value: unknown): string | undefined => (typeof value === 'string' ? value.slice(0, MAX_TEXT) : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : undefined);

/** The page reports through a binding it could also call itself: every field is checked, nothing trusted. */
function fromPage(entry: unknown): { type: string; error?: ScriptError; script?: string } | null {
  if (!entry || typeof entry !== 'object') return null;
  const e = entry as Record<string, unknown>;
  if (e.type === 'script') return { type: 'script', script: clip(e.url) ?? '' };
  if (e.type !== 'error' && e.type !== 'rejection') return null;
  return {
    type: e.type,
    error: { source: e.type, message: clip(e.message) ?? '', url: clip(e.url) || undefined, line: count(e.line), column: count(e.column), stack: clip(e.stack) },
  };
}

function viteErrorOf(payload: string | Buffer): ViteError | null {
  // Frames are Vite's HMR messages; only `error` ones matter, and those are rare.
  if (typeof payload !== 'string' || !payload.includes('"error"')) return null;
  try {
    const message = JSON.parse(payload) as { type?: string; err?: Record<string, unknown> };
    if (message.type !== 'error' || !message.err) return null;
    const loc = message.err.loc as Record<string, unknown> | undefined;
    return {
      message: clip(message.err.message) ?? '',
      id: clip(message.err.id),
      plugin: clip(message.err.plugin),
      loc: loc ? { file: clip(loc.file), line: count(loc.line), column: typeof loc.column === 'number' ? loc.column : undefined } : undefined,
    };
  } catch {
    return null;
  }
}

/**
 * Everything one check's page says about itself while it loads: errors, failed modules, Vite's error
 * messages, and the same-origin requests in flight (to know when loading has settled).
 */
export class PageRecorder {
  readonly signals: PageSignals = { errors: [], pageErrors: [], modules: [], vite: [], failedScripts: [], documentStatus: null };
  private requests = 0;
  private unanswered = 0;
  private quiet: (() => void)[] = [];

  private constructor(private readonly origin: string) {}

  /** Same-origin requests started so far, and those still unanswered. */
  get started(): number {
    return this.requests;
  }

  get inFlight(): number {
    return this.unanswered;
  }

  /** Installs the recorder on a fresh context, before its page navigates. */
  static async attach(context: BrowserContext, origin: string): Promise<PageRecorder> {
    const recorder = new PageRecorder(origin);
    await context.exposeBinding(BINDING, (_source, entry: unknown) => recorder.fromPage(entry));
    await context.addInitScript(INIT_SCRIPT);
    return recorder;
  }

  watch(page: Page) {
    page.on('pageerror', (error) => this.signals.pageErrors.push({ source: 'pageerror', message: clip(error.message) ?? '', stack: clip(error.stack) }));
    page.on('request', (request) => {
      if (!this.sameOrigin(request.url())) return;
      this.requests++;
      this.unanswered++;
    });
    page.on('requestfinished', (request) => this.settled(request));
    page.on('requestfailed', (request) => {
      this.settled(request);
      if (this.isModule(request)) this.signals.modules.push({ url: request.url(), status: null, reason: request.failure()?.errorText ?? 'failed' });
    });
    page.on('response', (response) => this.onResponse(response));
    page.on('websocket', (socket: WebSocket) => {
      // Vite's HMR socket is on the page's own host and port.
      if (new URL(socket.url()).host !== new URL(this.origin).host) return;
      socket.on('framereceived', ({ payload }) => {
        const error = viteErrorOf(payload);
        if (error) this.signals.vite.push(error);
      });
    });
  }

  /** Resolves once no same-origin request is in flight. */
  whenQuiet(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.quiet.push(resolve));
  }

  private fromPage(entry: unknown) {
    const report = fromPage(entry);
    if (report?.error) this.signals.errors.push(report.error);
    else if (report?.script !== undefined) this.signals.failedScripts.push(report.script);
  }

  private onResponse(response: Response) {
    const request = response.request();
    if (response.status() < 400 || !this.sameOrigin(request.url())) return;
    if (request.isNavigationRequest() && request.frame().parentFrame() === null) this.signals.documentStatus = response.status();
    else if (this.isModule(request)) this.signals.modules.push({ url: request.url(), status: response.status(), reason: response.statusText() });
  }

  private settled(request: Request) {
    if (!this.sameOrigin(request.url()) || this.unanswered === 0) return;
    this.unanswered--;
    if (this.unanswered > 0) return;
    for (const resolve of this.quiet.splice(0)) resolve();
  }

  /** Scripts of the page's own origin: modules, and dynamic imports (also `script` to Chromium). */
  private isModule(request: Request): boolean {
    return request.resourceType() === 'script' && this.sameOrigin(request.url());
  }

  private sameOrigin(url: string): boolean {
    return url.startsWith(`${this.origin}/`);
  }
}
