import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { type BeforeApplicationShutdown, Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { FORM_PATH_PREFIX, SITE_CHANGED_CHANNEL } from '@studio/contracts';
import { DbScope, type LiveSite as LiveSiteRow, SitesRepository } from '@studio/data';
import type { ObjectStore } from '@studio/files';
import { createPubSubRedis, ENV, OBJECT_STORE } from '@studio/platform';
import type { Redis } from 'ioredis';
import { acceptedEncodings, chooseEncoding } from './encoding.js';
import { FormEndpoint } from './form-endpoint.js';
import { type LiveSite, LiveSites } from './live-sites.js';
import { matchesEtag, ServedDeployment, type ServedFile } from './served-deployment.js';
import { refusePage } from './site-answers.js';
import { SiteFiles } from './site-files.js';
import { securityHeaders } from './site-headers.js';
import { hostKey, siteHostMatcher } from './site-host-name.js';
import { lookupPath, parseRequestPath } from './site-paths.js';
import { TrafficCounter } from './traffic-counter.js';

/** How long a host's answer is trusted without a notice; notices (SITE_CHANGED_CHANNEL) make changes immediate. */
const LIVE_TTL_MS = 2000;
const TRAFFIC_FLUSH_MS = 5000;
const PAGE_METHODS = 'GET, HEAD';

type Site = LiveSite<ServedDeployment>;

/**
 * The site host (docs/ARCHITECTURE.md "Published sites are served"): a plain node:http listener of the API
 * process on SITES_PORT, an origin of its own where everything is a published site. Per request: the Host
 * names a site (`<slug>.<SITES_DOMAIN>` or a verified custom domain), resolved to its live deployment once
 * (LiveSites: memory, then one query), and every byte of the answer comes from that deployment's manifest,
 * so a visitor never sees a mix. Bytes come from the object store through SiteFiles' LRU, headers were
 * prepared with the deployment (ServedDeployment). No Express, no middleware, no cookies, no CORS: the
 * hot path is a few map lookups and one write. One class because it is the listener's one request path;
 * the parts (paths, encodings, caches, forms, traffic) are their own files.
 */
@Injectable()
export class SiteHost implements BeforeApplicationShutdown {
  private readonly logger = new Logger(SiteHost.name);
  private readonly hostOf: ReturnType<typeof siteHostMatcher>;
  private readonly base: OutgoingHttpHeaders;
  private readonly live: LiveSites<LiveSiteRow, ServedDeployment>;
  private readonly files: SiteFiles;
  private readonly traffic = new TrafficCounter();
  private server?: Server;
  private notices?: Redis;
  private flushTimer?: NodeJS.Timeout;

  constructor(
    @Inject(ENV) private readonly env: Env,
    @Inject(OBJECT_STORE) store: ObjectStore,
    private readonly sites: SitesRepository,
    private readonly forms: FormEndpoint,
  ) {
    this.hostOf = siteHostMatcher(env.SITES_DOMAIN);
    this.base = securityHeaders(env.SITES_PUBLIC_SCHEME === 'https');
    this.files = new SiteFiles(store, env.SITES_CACHE_MB * 1024 * 1024);
    const noindex: OutgoingHttpHeaders = { ...this.base, 'X-Robots-Tag': 'noindex' };
    this.live = new LiveSites({
      lookup: (name) => this.sites.liveByHost(name),
      prepare: (row) => new ServedDeployment(row.manifest, row.noindex ? noindex : this.base),
      idOf: ({ siteId, ownerId, projectId, deploymentId, noindex }) => ({ siteId, ownerId, projectId, deploymentId, noindex }),
      ttlMs: LIVE_TTL_MS,
    });
  }

  /** Starts serving sites; resolves with the bound port once notices are subscribed and the port listens. */
  async listen(port: number, host: string): Promise<number> {
    const notices = createPubSubRedis(this.env.REDIS_URL, 'studio-api-sites');
    this.notices = notices;
    notices.on('message', (channel: string, siteId: string) => {
      if (channel === SITE_CHANGED_CHANNEL) this.live.siteChanged(siteId);
    });
    // After a reconnect, notices sent meanwhile are lost: start from the database again.
    notices.on('ready', () => this.live.clear());
    notices.on('error', (err: Error) => this.logger.warn({ msg: 'site change notices: redis error', err: err.message }));
    await notices.subscribe(SITE_CHANGED_CHANNEL);

    const server = createServer({ headersTimeout: this.env.HTTP_HEADERS_TIMEOUT_MS, requestTimeout: this.env.HTTP_HEADERS_TIMEOUT_MS + this.env.HTTP_BODY_TIMEOUT_MS }, (req, res) =>
      // Anyone's published site, looked up by its host name: every owner's rows (row-level security).
      DbScope.asSystem('published site host', () => this.onRequest(req, res)),
    );
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    server.on('error', (err) => this.logger.error({ msg: 'site host server error', err: String(err) }));
    this.flushTimer = setInterval(() => void this.flushTraffic(), TRAFFIC_FLUSH_MS);
    this.flushTimer.unref();
    const address = server.address();
    return typeof address === 'object' && address ? address.port : port;
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.flushTimer);
    const server = this.server;
    if (server) {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      await closed;
    }
    await this.flushTraffic();
    await this.notices?.quit().catch(() => undefined);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const name = this.hostOf(req.headers.host);
    if (!name) return refusePage(res, 'SITE_NOT_FOUND', this.base);
    const key = hostKey(name);
    const known = this.live.cached(key);
    if (known !== undefined) return this.serve(known, req, res);
    this.live.resolve(key, name).then(
      (site) => this.serve(site, req, res),
      (err: unknown) => {
        this.logger.warn({ msg: 'site lookup failed', host: key, err: String(err) });
        refusePage(res, 'DEPENDENCY_DOWN', this.base);
      },
    );
  }

  private serve(site: Site | null, req: IncomingMessage, res: ServerResponse): void {
    if (!site) return refusePage(res, 'SITE_NOT_FOUND', this.base);
    const target = req.url ?? '/';
    if (target.startsWith(FORM_PATH_PREFIX)) return this.form(site, target, req, res);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refusePage(res, 'METHOD_NOT_ALLOWED', this.base, { Allow: PAGE_METHODS });
    const path = parseRequestPath(target);
    if ('refusal' in path) return refusePage(res, path.refusal, this.base);
    const found = lookupPath(site.deployment.has, path);
    if ('redirect' in found) {
      this.traffic.count(site.siteId, 0);
      res.writeHead(301, { ...this.base, Location: found.redirect, 'Content-Length': 0, 'Cache-Control': 'public, max-age=0, must-revalidate' });
      return void res.end();
    }
    const file = 'file' in found ? site.deployment.file(found.file) : undefined;
    if (file) return this.send(site, file, 200, req, res);
    if (site.deployment.notFound) return this.send(site, site.deployment.notFound, 404, req, res);
    refusePage(res, 'SITE_NOT_FOUND', this.base);
  }

  /** One file of the deployment: the representation the client takes, 304 when its copy is current. */
  private send(site: Site, file: ServedFile, status: 200 | 404, req: IncomingMessage, res: ServerResponse): void {
    const encoding = chooseEncoding(acceptedEncodings(req.headers['accept-encoding']), { br: file.br !== undefined, gzip: file.gzip !== undefined });
    const rep = (encoding === 'br' ? file.br : encoding === 'gzip' ? file.gzip : undefined) ?? file.identity;
    const ifNoneMatch = req.headers['if-none-match'];
    if (status === 200 && ifNoneMatch && matchesEtag(ifNoneMatch, file.etags)) {
      this.traffic.count(site.siteId, 0);
      res.writeHead(304, rep.notModified);
      return void res.end();
    }
    if (req.method === 'HEAD') {
      this.traffic.count(site.siteId, 0);
      res.writeHead(status, rep.headers);
      return void res.end();
    }
    const bytes = this.files.cached(rep.key);
    if (bytes) {
      this.traffic.count(site.siteId, rep.size);
      res.writeHead(status, rep.headers);
      return void res.end(bytes);
    }
    this.files.read(rep.key, rep.size).then(
      (body) => {
        this.traffic.count(site.siteId, rep.size);
        res.writeHead(status, rep.headers);
        if (Buffer.isBuffer(body)) return void res.end(body);
        streamTo(body, res);
      },
      (err: unknown) => {
        this.logger.error({ msg: 'site file unreadable', siteId: site.siteId, deploymentId: site.deploymentId, key: rep.key, err: String(err) });
        refusePage(res, 'DEPENDENCY_DOWN', this.base, {}, 502);
      },
    );
  }

  private form(site: Site, target: string, req: IncomingMessage, res: ServerResponse): void {
    this.traffic.count(site.siteId, 0);
    const q = target.indexOf('?');
    const name = (q < 0 ? target : target.slice(0, q)).slice(FORM_PATH_PREFIX.length);
    this.forms.handle(site, name, req, res, this.base).catch((err: unknown) => {
      this.logger.error({ msg: 'form submission failed', siteId: site.siteId, err: String(err) });
      refusePage(res, 'DEPENDENCY_DOWN', this.base);
    });
  }

  private async flushTraffic(): Promise<void> {
    const rows = this.traffic.drain();
    if (!rows.length) return;
    try {
      // Counts of many owners' sites in one write, from a timer (no request, no user).
      await DbScope.asSystem('site traffic flush', () => this.sites.addTraffic(rows));
    } catch (err) {
      this.traffic.restore(rows);
      this.logger.warn({ msg: 'site traffic not written; kept for the next flush', err: String(err) });
    }
  }
}

/** A file too large for the cache, piped from the store; a store that fails mid-way ends the response. */
function streamTo(body: Readable, res: ServerResponse): void {
  body.once('error', () => res.destroy());
  res.once('close', () => body.destroy());
  body.pipe(res);
}
