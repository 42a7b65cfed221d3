import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { DbScope } from '@studio/data';
import { ENV } from '@studio/platform';
import { AUTH_PATH } from '../previews/preview-links.js';
import { PreviewAccess } from './preview-access.js';
import { type PreviewHost, previewHostMatcher } from './preview-host.js';
import { isPassing, type Refusal, refuse, refuseUpgrade } from './refusals.js';
import { forwardRequest, forwardUpgrade, type UpstreamFailure, type UpstreamTimeouts } from './upstream.js';
import { upstreamHeaders } from './upstream-headers.js';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;
type UpgradeListener = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

const failure = (why: UpstreamFailure): Refusal => (why === 'timeout' ? 'PREVIEW_TIMEOUT' : 'PREVIEW_UNAVAILABLE');

/**
 * The preview reverse proxy (docs/ARCHITECTURE.md "Previews are untrusted code"): requests whose Host is under
 * `<PREVIEW_DOMAIN>` go to the named project's dev server, HTTP and the HMR websocket alike, for its owner
 * only (the cookie PreviewLinks issues), on an origin that is not the API's. It takes those hosts ahead of
 * every other listener of the HTTP server (Socket.IO's engine included), so nothing of the API ever answers
 * on a preview origin. The Host header is passed through (Vite's host check allows `.<PREVIEW_DOMAIN>`), and
 * so is the websocket's path and token. Who may see what is PreviewAccess's to decide; this class only routes
 * and forwards (upstream.ts).
 */
@Injectable()
export class PreviewProxy {
  private readonly logger = new Logger(PreviewProxy.name);
  private readonly hostOf: (host: string | undefined) => PreviewHost | null;
  private readonly timeouts: UpstreamTimeouts;

  constructor(
    @Inject(ENV) private readonly env: Env,
    private readonly access: PreviewAccess,
  ) {
    this.hostOf = previewHostMatcher(env.PREVIEW_DOMAIN);
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
      // The preview's own credential decides access; its lookups read by token and project id (row-level security).
      if (host) return DbScope.asSystem('preview proxy', () => this.serve(host, req, res));
      for (const listener of requests) listener.call(server, req, res);
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const host = this.hostOf(req.headers.host);
      if (host) return DbScope.asSystem('preview proxy', () => this.serveUpgrade(host, req, socket, head));
      // Node ends an upgrade nobody listens for; with our listener in place, that is ours to do.
      if (!upgrades.length) return void socket.destroy();
      for (const listener of upgrades) listener.call(server, req, socket, head);
    });
  }

  private serve({ projectId }: PreviewHost, req: IncomingMessage, res: ServerResponse) {
    const handled = projectId ? this.handle(projectId, req, res) : Promise.resolve(refuse(res, 'NOT_FOUND'));
    handled.catch((err) => {
      this.logger.warn({ msg: 'preview proxy failed', projectId, err: String(err) });
      refuse(res, 'PREVIEW_UNAVAILABLE', req);
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
    const allowed = await this.access.authorize(projectId, req.headers.cookie);
    if ('refusal' in allowed) return this.refuse(projectId, req, res, allowed.refusal);
    const { host, vitePort } = allowed.target;
    forwardRequest(req, res, { host, port: vitePort }, upstreamHeaders(req, false, this.env.PREVIEW_PUBLIC_SCHEME), this.timeouts, (why) => this.refuse(projectId, req, res, failure(why)));
  }

  private async upgrade(projectId: string, req: IncomingMessage, socket: Duplex, head: Buffer) {
    const allowed = await this.access.authorize(projectId, req.headers.cookie);
    if ('refusal' in allowed) return refuseUpgrade(socket, allowed.refusal);
    const { host, vitePort } = allowed.target;
    forwardUpgrade(req, socket, head, { host, port: vitePort }, upstreamHeaders(req, true, this.env.PREVIEW_PUBLIC_SCHEME), this.timeouts, (why) => refuseUpgrade(socket, failure(why)));
  }

  /**
   * A refusal, in the log when it is the preview's doing (not running, no answer, too slow): the one trace
   * of a page that failed to load while the app said the preview was live.
   */
  private refuse(projectId: string, req: IncomingMessage, res: ServerResponse, code: Refusal) {
    if (isPassing(code)) this.logger.warn({ msg: 'preview request refused', projectId, code, path: (req.url ?? '/').split('?')[0].slice(0, 200) });
    refuse(res, code, req);
  }

  /** GET /__studio/auth?t=<link>&next=/: the link becomes the preview origin's cookie (PreviewAccess.signIn). */
  private async signIn(projectId: string, query: URLSearchParams, res: ServerResponse) {
    const signedIn = await this.access.signIn(projectId, query);
    if ('refusal' in signedIn) return refuse(res, signedIn.refusal);
    res.writeHead(302, { Location: signedIn.location, 'Set-Cookie': signedIn.cookie, 'Cache-Control': 'no-store' });
    res.end();
  }
}
