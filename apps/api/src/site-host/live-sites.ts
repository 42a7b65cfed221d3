import type { SiteHostName } from './site-host-name.js';

/** What the site host needs of a published site to serve it; `T` is its prepared deployment. */
export interface LiveSite<T> {
  siteId: string;
  ownerId: string;
  projectId: string;
  deploymentId: string;
  noindex: boolean;
  deployment: T;
}

export interface LiveSitesOptions<R, T> {
  /** The database's answer for a host (SitesRepository.liveByHost): null when it serves nothing. */
  lookup: (name: SiteHostName) => Promise<R | null>;
  /** Prepares a deployment for serving, once per deployment id (a deployment never changes). */
  prepare: (row: R) => T;
  idOf: (row: R) => { siteId: string; ownerId: string; projectId: string; deploymentId: string; noindex: boolean };
  ttlMs: number;
  /** Hosts remembered at once (unknown hosts are remembered too, so a flood of them must not grow memory). */
  maxHosts?: number;
  maxDeployments?: number;
  now?: () => number;
}

interface Entry<T> {
  site: LiveSite<T> | null;
  until: number;
}

/**
 * Host → the site's live deployment, remembered for a short TTL (answers "nothing here" too) so a request
 * costs no query, and forgotten at once when the site changes (`siteChanged`, from the SITE_CHANGED_CHANNEL
 * subscriber): a rollback or an unpublish is immediate, the TTL only bounds a lost notice. A notice also
 * drops every "nothing here" (a first publish or a newly verified domain has no site id in the cache yet),
 * and a lookup that was already running when a notice came is used for its request but not remembered:
 * it may have read the site as it was before.
 */
export class LiveSites<R, T> {
  private readonly hosts = new Map<string, Entry<T>>();
  private readonly deployments = new Map<string, T>();
  private readonly pending = new Map<string, Promise<LiveSite<T> | null>>();
  private generation = 0;
  private readonly now: () => number;
  private readonly maxHosts: number;
  private readonly maxDeployments: number;

  constructor(private readonly opts: LiveSitesOptions<R, T>) {
    this.now = opts.now ?? Date.now;
    this.maxHosts = opts.maxHosts ?? 10_000;
    this.maxDeployments = opts.maxDeployments ?? 512;
  }

  /** The remembered answer for `key` while fresh; undefined when it must be looked up. */
  cached(key: string): LiveSite<T> | null | undefined {
    const entry = this.hosts.get(key);
    if (!entry) return undefined;
    if (entry.until > this.now()) return entry.site;
    this.hosts.delete(key);
    return undefined;
  }

  /** Looks the host up (concurrent requests for one host share one query) and remembers the answer. */
  resolve(key: string, name: SiteHostName): Promise<LiveSite<T> | null> {
    const running = this.pending.get(key);
    if (running) return running;
    const started: Promise<LiveSite<T> | null> = this.load(key, name).finally(() => {
      // A notice may have dropped this lookup and another started since: that one stays.
      if (this.pending.get(key) === started) this.pending.delete(key);
    });
    this.pending.set(key, started);
    return started;
  }

  /** A site changed what it serves (or where): forget it, and every "nothing here". */
  siteChanged(siteId: string): void {
    this.generation++;
    this.pending.clear();
    for (const [key, entry] of this.hosts) if (!entry.site || entry.site.siteId === siteId) this.hosts.delete(key);
  }

  /** Forget everything (the notices' connection came back: some may have been missed meanwhile). */
  clear(): void {
    this.generation++;
    this.pending.clear();
    this.hosts.clear();
  }

  private async load(key: string, name: SiteHostName): Promise<LiveSite<T> | null> {
    const generation = this.generation;
    const row = await this.opts.lookup(name);
    const site = row ? this.live(row) : null;
    if (generation === this.generation) {
      if (this.hosts.size >= this.maxHosts) dropOldest(this.hosts);
      this.hosts.set(key, { site, until: this.now() + this.opts.ttlMs });
    }
    return site;
  }

  private live(row: R): LiveSite<T> {
    const ids = this.opts.idOf(row);
    // The prepared headers carry the site's noindex: a settings change prepares the deployment again.
    const preparedKey = `${ids.deploymentId}:${ids.noindex}`;
    let deployment = this.deployments.get(preparedKey);
    if (deployment === undefined) {
      deployment = this.opts.prepare(row);
      if (this.deployments.size >= this.maxDeployments) dropOldest(this.deployments);
      this.deployments.set(preparedKey, deployment);
    }
    return { ...ids, deployment };
  }
}

/** Maps keep insertion order: the first key is the one remembered longest. */
function dropOldest(map: Map<string, unknown>): void {
  const oldest = map.keys().next();
  if (!oldest.done) map.delete(oldest.value);
}
