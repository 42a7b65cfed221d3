import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { StoredProjectEvent } from '@studio/contracts';
import { SERVING_STATUSES } from '@studio/data';
import { ENV } from '@studio/platform';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ProjectEventFanout } from '../realtime/event-fanout.js';
import { AUTH_PATH, COOKIE_TTL_SECONDS, PREVIEW_COOKIE, type PreviewGrant, PreviewLinks } from '../previews/preview-links.js';
import { type PreviewTarget, PreviewTargets } from '../previews/preview-targets.js';
import { PreviewsService } from '../previews/previews.service.js';
import { endToEndHeaders } from './hop-by-hop.js';
import { LiveCredentials } from './live-credentials.js';
import { type PreviewHost, previewHostMatcher, readCookies, safeNext, withoutCookie } from './preview-host.js';
import { type Refusal, refuse, refuseUpgrade } from './refusals.js';
import { SpentLinks } from './spent-links.js';
import { forwardRequest, forwardUpgrade, type UpstreamFailure, type UpstreamTimeouts } from './upstream.js';

/** How long a visit waits for a paused or stopped preview to come back. */
const WAKE_TIMEOUT_MS = 30_000;
/** Visits are recorded at most this often per preview (the idle reaper needs minutes, not milliseconds). */
const TOUCH_EVERY_MS = 10_000;
const TARGET_CACHE_MS = 1_000;

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
type Allowed = { target: PreviewTarget & { host: string; vitePort: number }; grant: PreviewGrant };

const failure = (why: UpstreamFailure): Refusal => (why === 'timeout' ? 'PREVIEW_TIMEOUT' : 'PREVIEW_UNAVAILABLE');

/**
 * The preview reverse proxy (ARCHITECTURE.md "Previews are untrusted code"): requests whose Host is under
 * `<PREVIEW_DOMAIN>` go to the named project's dev server, HTTP and the HMR websocket alike, for its owner
 * only (the cookie PreviewLinks issues), on an origin that is not the API's. It takes those hosts ahead of
 * every other listener of the HTTP server (Socket.IO's engine included), so nothing of the API ever answers
 * on a preview origin. The Host header is passed through (Vite's host check allows `.<PREVIEW_DOMAIN>`), and
 * so is the websocket's path and token.
 */
@Injectable()
export class PreviewProxy {
  private readonly logger = new Logger(PreviewProxy.name);
  private readonly hostOf: (host: string | undefined) => PreviewHost | null;
  private readonly touched = new Map<string, number>();
  // A page load asks for dozens of modules at once: one lookup of the target serves them all.
  private readonly recent = new Map<string, { target: PreviewTarget | null; until: number }>();
  private readonly secureCookie: boolean;
  private readonly timeouts: UpstreamTimeouts;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly links: PreviewLinks,
    private readonly targets: PreviewTargets,
    private readonly previews: PreviewsService,
    private readonly fanout: ProjectEventFanout,
    private readonly credentials: LiveCredentials,
    private readonly spentLinks: SpentLinks,
  ) {
    this.hostOf = previewHostMatcher(env.PREVIEW_DOMAIN);
    // Browsers keep a SameSite=None cookie only with Secure; they accept Secure on https and on
    // *.localhost (a secure context). The cookie must travel inside the app's iframe, a cross-site frame.
    this.secureCookie = env.PREVIEW_PUBLIC_SCHEME === 'https' || env.PREVIEW_DOMAIN === 'localhost' || env.PREVIEW_DOMAIN.endsWith('.localhost');
    this.timeouts = { connectMs: env.PREVIEW_PROXY_CONNECT_TIMEOUT_MS, responseMs: env.PREVIEW_PROXY_RESPONSE_TIMEOUT_MS };
  }

  /**
   * Puts the preview hosts in front of everything `server` serves: their requests and upgrades come here
   * and only here; every other host goes to the listeners already there. Call it once everything else is
   * attached (after `listen`): Socket.IO's engine takes the server's listeners when it attaches and would
   * otherwise answer `/socket.io/` on any host before anyone else.
   */
  claim(server: Server) {
    const requests = server.listeners('request') as RequestListener[];
    const upgrades = server.listeners('upgrade') as UpgradeListener[];
    server.removeAllListeners('request');
    server.removeAllListeners('upgrade');
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const host = this.hostOf(req.headers.host);
      if (host) return this.serve(host, req, res);
      for (const listener of requests) listener.call(server, req, res);
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const host = this.hostOf(req.headers.host);
      if (host) return this.serveUpgrade(host, req, socket, head);
      // Node ends an upgrade nobody listens for; with our listener in place, that is ours to do.
      if (!upgrades.length) return void socket.destroy();
      for (const listener of upgrades) listener.call(server, req, socket, head);
    });
  }

  private serve({ projectId }: PreviewHost, req: IncomingMessage, res: ServerResponse) {
    const handled = projectId ? this.handle(projectId, req, res) : Promise.resolve(refuse(res, 'NOT_FOUND'));
    handled.catch((err) => {
      this.logger.warn({ msg: 'preview proxy failed', projectId, err: String(err) });
      refuse(res, 'PREVIEW_UNAVAILABLE');
    });
  }

  private serveUpgrade({ projectId }: PreviewHost, req: IncomingMessage, socket: Duplex, head: Buffer) {
    // The browser may leave while we look things up: its socket's errors are not ours to crash on.
    socket.on('error', () => socket.destroy());
    const handled = projectId ? this.upgrade(projectId, req, socket, head) : Promise.resolve(refuseUpgrade(socket, 'NOT_FOUND'));
    handled.catch((err) => {
      this.logger.warn({ msg: 'preview proxy upgrade failed', projectId, err: String(err) });
      refuseUpgrade(socket, 'PREVIEW_UNAVAILABLE');
    });
  }

  private async handle(projectId: string, req: IncomingMessage, res: ServerResponse) {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    if ((q < 0 ? url : url.slice(0, q)) === AUTH_PATH) return this.signIn(projectId, new URLSearchParams(q < 0 ? '' : url.slice(q + 1)), res);
    const access = await this.authorize(projectId, req.headers.cookie);
    if ('refusal' in access) return refuse(res, access.refusal);
    const { host, vitePort } = access.target;
    forwardRequest(req, res, { host, port: vitePort }, this.upstreamHeaders(req, false), this.timeouts, (why) => refuse(res, failure(why)));
  }

  private async upgrade(projectId: string, req: IncomingMessage, socket: Duplex, head: Buffer) {
    const access = await this.authorize(projectId, req.headers.cookie);
    if ('refusal' in access) return refuseUpgrade(socket, access.refusal);
    const { host, vitePort } = access.target;
    forwardUpgrade(req, socket, head, { host, port: vitePort }, this.upstreamHeaders(req, true), this.timeouts, (why) => refuseUpgrade(socket, failure(why)));
  }

  /**
   * GET /__studio/auth?t=<link>&next=/: trades the API's signed link for the preview origin's cookie, once.
   * The link's credential must still stand (a link handed out before a logout opens nothing after it).
   */
  private async signIn(projectId: string, query: URLSearchParams, res: ServerResponse) {
    const link = this.links.verifyLink(query.get('t') ?? '');
    if (!link || link.grant.projectId !== projectId) return refuse(res, 'PREVIEW_LINK_INVALID');
    if (!(await this.credentials.isLive(link.grant))) return refuse(res, 'PREVIEW_SESSION_REVOKED');
    if (!(await this.spentLinks.spend(link))) return refuse(res, 'PREVIEW_LINK_USED');
    const attributes = ['Path=/', 'HttpOnly', `Max-Age=${COOKIE_TTL_SECONDS}`, ...(this.secureCookie ? ['Secure', 'SameSite=None', 'Partitioned'] : ['SameSite=Lax'])];
    res.writeHead(302, {
      Location: safeNext(query.get('next')),
      'Set-Cookie': `${PREVIEW_COOKIE}=${encodeURIComponent(this.links.cookieValue(link.grant))}; ${attributes.join('; ')}`,
      'Cache-Control': 'no-store',
    });
    res.end();
  }

  /**
   * The visitor's grant for this project, from the first of its cookies that verifies (a cookie planted
   * under the same name does not hide the real one), whose credential still stands, for a preview that serves.
   */
  private async authorize(projectId: string, cookieHeader: string | undefined): Promise<Allowed | { refusal: Refusal }> {
    const grants = readCookies(cookieHeader, PREVIEW_COOKIE)
      .map((value) => this.links.verifyCookie(value))
      .filter((grant): grant is PreviewGrant => grant?.projectId === projectId);
    if (!grants.length) return { refusal: 'PREVIEW_ACCESS_DENIED' };
    let grant: PreviewGrant | undefined;
    for (const candidate of grants) if (!grant && (await this.credentials.isLive(candidate))) grant = candidate;
    if (!grant) return { refusal: 'PREVIEW_SESSION_REVOKED' };
    let target = await this.findTarget(projectId);
    if (!target || target.ownerId !== grant.userId) return { refusal: 'NOT_FOUND' };
    if (target.status === 'paused' || target.status === 'stopped') target = await this.wake(target, grant.userId);
    if (!target?.host || !target.vitePort || !target.sessionId || !SERVING_STATUSES.has(target.status ?? '')) return { refusal: 'PREVIEW_NOT_RUNNING' };
    this.touch(target.sessionId);
    return { target: target as Allowed['target'], grant };
  }

  /**
   * The request's headers as the dev server gets them: end to end only, without our cookie, and with the
   * host and scheme the browser used.
   */
  private upstreamHeaders(req: IncomingMessage, upgrade: boolean): string[] {
    const raw = endToEndHeaders(req.rawHeaders, { upgrade });
    const headers: string[] = [];
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i].toLowerCase();
      if (name === 'x-forwarded-host' || name === 'x-forwarded-proto') continue;
      const value = name === 'cookie' ? withoutCookie(raw[i + 1], PREVIEW_COOKIE) : raw[i + 1];
      if (value) headers.push(raw[i], value);
    }
    headers.push('X-Forwarded-Host', req.headers.host ?? '', 'X-Forwarded-Proto', this.env.PREVIEW_PUBLIC_SCHEME);
    return headers;
  }

  /** A visit to a paused or stopped preview brings it back; the request waits for `preview:status` ready. */
  private async wake(target: PreviewTarget, userId: string): Promise<PreviewTarget | null> {
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error('timed out'));
      }, WAKE_TIMEOUT_MS);
      const stop = this.fanout.listen((event: StoredProjectEvent) => {
        if (event.projectId !== target.projectId || event.name !== 'preview:status') return;
        const status = (event.payload as { status: string }).status;
        if (status === 'ready' || status === 'error') {
          clearTimeout(timer);
          stop();
          resolve();
        }
      });
    });
    ready.catch(() => undefined);
    await this.previews.wake(target.projectId, userId);
    await ready.catch(() => undefined);
    this.recent.delete(target.projectId);
    return this.targets.find(target.projectId);
  }

  /** The project's preview target, remembered for a second while it serves (never while it must be woken). */
  private async findTarget(projectId: string): Promise<PreviewTarget | null> {
    const hit = this.recent.get(projectId);
    if (hit && hit.until > Date.now()) return hit.target;
    const target = await this.targets.find(projectId);
    if (target && SERVING_STATUSES.has(target.status ?? '')) this.recent.set(projectId, { target, until: Date.now() + TARGET_CACHE_MS });
    else this.recent.delete(projectId);
    if (this.recent.size > 10_000) this.recent.clear();
    return target;
  }

  private touch(sessionId: string) {
    const now = Date.now();
    if ((this.touched.get(sessionId) ?? 0) > now - TOUCH_EVERY_MS) return;
    // Entries older than TOUCH_EVERY_MS decide nothing: drop them rather than keep one per preview ever seen.
    if (this.touched.size > 10_000) for (const [id, at] of this.touched) if (at <= now - TOUCH_EVERY_MS) this.touched.delete(id);
    this.touched.set(sessionId, now);
    this.targets.touch(sessionId).catch(() => undefined);
  }
}
