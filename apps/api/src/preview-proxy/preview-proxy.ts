import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { StoredProjectEvent } from '@studio/contracts';
import { SERVING_STATUSES } from '@studio/data';
import { ENV } from '@studio/platform';
import type { NextFunction, Request, Response } from 'express';
import { type IncomingMessage, request as httpRequest, type Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { ProjectEventFanout } from '../realtime/event-fanout.js';
import { AUTH_PATH, COOKIE_TTL_SECONDS, PREVIEW_COOKIE, type PreviewClaims, PreviewLinks } from '../previews/preview-links.js';
import { type PreviewTarget, PreviewTargets } from '../previews/preview-targets.js';
import { PreviewsService } from '../previews/previews.service.js';
import { previewHostMatcher, readCookie, safeNext, withoutCookie } from './preview-host.js';

/** How long a visit waits for a paused or stopped preview to come back. */
const WAKE_TIMEOUT_MS = 30_000;
/** Visits are recorded at most this often per preview (the idle reaper needs minutes, not milliseconds). */
const TOUCH_EVERY_MS = 10_000;
const TARGET_CACHE_MS = 1_000;

type Denied = { status: 403 | 404 | 502 | 503; message: string };
type Allowed = { target: PreviewTarget & { host: string; vitePort: number }; claims: PreviewClaims };

/**
 * The preview reverse proxy (ARCHITECTURE.md "Previews are untrusted code"): requests whose Host is
 * `<projectId>.<PREVIEW_DOMAIN>` go to that project's dev server, HTTP and the HMR websocket alike, for its
 * owner only (the cookie PreviewLinks issues), on an origin that is not the API's. The Host header is passed
 * through (Vite's host check allows `.<PREVIEW_DOMAIN>`), and so is the websocket's path and token.
 */
@Injectable()
export class PreviewProxy {
  private readonly logger = new Logger(PreviewProxy.name);
  private readonly projectOf: (host: string | undefined) => string | null;
  private readonly touched = new Map<string, number>();
  // A page load asks for dozens of modules at once: one lookup of the target serves them all.
  private readonly recent = new Map<string, { target: PreviewTarget | null; until: number }>();
  private readonly secureCookie: boolean;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly links: PreviewLinks,
    private readonly targets: PreviewTargets,
    private readonly previews: PreviewsService,
    private readonly fanout: ProjectEventFanout,
  ) {
    this.projectOf = previewHostMatcher(env.PREVIEW_DOMAIN);
    // Browsers keep a SameSite=None cookie only with Secure; they accept Secure on https and on
    // *.localhost (a secure context). The cookie must travel inside the app's iframe, a cross-site frame.
    this.secureCookie = env.PREVIEW_PUBLIC_SCHEME === 'https' || env.PREVIEW_DOMAIN === 'localhost' || env.PREVIEW_DOMAIN.endsWith('.localhost');
  }

  /** Express middleware, mounted before everything else: a preview host never reaches the API's routes. */
  readonly middleware = (req: Request, res: Response, next: NextFunction) => {
    const projectId = this.projectOf(req.headers.host);
    if (!projectId) return next();
    void this.handle(projectId, req, res).catch((err) => {
      this.logger.warn({ msg: 'preview proxy failed', projectId, err: String(err) });
      if (!res.headersSent) this.deny(res, { status: 502, message: 'The preview did not answer.' });
      else res.destroy();
    });
  };

  /** Routes websocket upgrades for preview hosts here and all others to the listeners already there (Socket.IO). */
  attachUpgrades(server: Server) {
    const others = server.listeners('upgrade') as ((req: IncomingMessage, socket: Socket, head: Buffer) => void)[];
    server.removeAllListeners('upgrade');
    server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
      const projectId = this.projectOf(req.headers.host);
      if (!projectId) {
        for (const listener of others) listener.call(server, req, socket, head);
        return;
      }
      void this.upgrade(projectId, req, socket, head).catch(() => socket.destroy());
    });
  }

  private async handle(projectId: string, req: Request, res: Response) {
    if (req.path === AUTH_PATH) return this.signIn(projectId, req, res);
    const access = await this.authorize(projectId, req.headers.cookie);
    if ('status' in access) return this.deny(res, access);
    const { host, vitePort } = access.target;
    const headers = { ...req.headers, 'x-forwarded-host': req.headers.host, 'x-forwarded-proto': req.protocol };
    const kept = headers.cookie ? withoutCookie(headers.cookie, PREVIEW_COOKIE) : '';
    if (kept) headers.cookie = kept;
    else delete headers.cookie;
    const upstream = httpRequest({ host, port: vitePort, method: req.method, path: req.originalUrl, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.rawHeaders as unknown as Record<string, string>);
      answer.pipe(res);
    });
    upstream.once('error', (err) => {
      if (!res.headersSent) this.deny(res, { status: 502, message: `The preview did not answer (${(err as NodeJS.ErrnoException).code ?? err.message}).` });
      else res.destroy();
    });
    req.pipe(upstream);
  }

  /** GET /__studio/auth?t=<link>&next=/: trades the API's signed link for the preview origin's cookie. */
  private signIn(projectId: string, req: Request, res: Response) {
    const claims = this.links.verifyLink(String(req.query.t ?? ''));
    if (!claims || claims.projectId !== projectId) return this.deny(res, { status: 403, message: 'This preview link is invalid or has expired. Open the preview again from the app.' });
    const attributes = ['Path=/', 'HttpOnly', `Max-Age=${COOKIE_TTL_SECONDS}`, ...(this.secureCookie ? ['Secure', 'SameSite=None', 'Partitioned'] : ['SameSite=Lax'])];
    res.setHeader('Set-Cookie', `${PREVIEW_COOKIE}=${encodeURIComponent(this.links.cookieValue(claims))}; ${attributes.join('; ')}`);
    res.setHeader('Cache-Control', 'no-store');
    res.redirect(302, safeNext(req.query.next));
  }

  private async authorize(projectId: string, cookieHeader: string | undefined): Promise<Allowed | Denied> {
    const cookie = readCookie(cookieHeader, PREVIEW_COOKIE);
    const claims = cookie ? this.links.verifyCookie(cookie) : null;
    if (!claims || claims.projectId !== projectId) return { status: 403, message: 'Open this preview from the app: it is visible to its owner only.' };
    let target = await this.findTarget(projectId);
    // The project is gone or changed hands: as far as this visitor knows, it never existed.
    if (!target || target.ownerId !== claims.userId) return { status: 404, message: 'No such preview.' };
    if (target.status === 'paused' || target.status === 'stopped') target = await this.wake(target, claims.userId);
    if (!target?.host || !target.vitePort || !target.sessionId || !SERVING_STATUSES.has(target.status ?? '')) {
      return { status: 404, message: 'This preview is not running. Start it from the app.' };
    }
    this.touch(target.sessionId);
    return { target: target as Allowed['target'], claims };
  }

  /** A visit to a paused or stopped preview brings it back; the request waits for `preview:status` ready. */
  private async wake(target: PreviewTarget, userId: string): Promise<PreviewTarget | null> {
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { stop(); reject(new Error('timed out')); }, WAKE_TIMEOUT_MS);
      const stop = this.fanout.listen((event: StoredProjectEvent) => {
        if (event.projectId !== target.projectId || event.name !== 'preview:status') return;
        const status = (event.payload as { status: string }).status;
        if (status === 'ready' || status === 'error') { clearTimeout(timer); stop(); resolve(); }
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

  private deny(res: Response, { status, message }: Denied) {
    res.status(status).setHeader('Cache-Control', 'no-store');
    res.type('text/plain').send(message);
  }

  private async upgrade(projectId: string, req: IncomingMessage, socket: Socket, head: Buffer) {
    const access = await this.authorize(projectId, req.headers.cookie);
    if ('status' in access) {
      socket.end(`HTTP/1.1 ${access.status} ${access.status === 403 ? 'Forbidden' : 'Not Found'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    const upstream = connect(access.target.vitePort, access.target.host);
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const [name, value] = [req.rawHeaders[i], req.rawHeaders[i + 1]];
      if (name.toLowerCase() === 'cookie') {
        const kept = withoutCookie(value, PREVIEW_COOKIE);
        if (kept) lines.push(`${name}: ${kept}`);
      } else lines.push(`${name}: ${value}`);
    }
    upstream.once('connect', () => {
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    const close = () => { upstream.destroy(); socket.destroy(); };
    upstream.once('error', close);
    socket.once('error', close);
    upstream.once('close', close);
    socket.once('close', close);
  }
}
