import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import { SITE_CHANGED_CHANNEL, type SiteView } from '@studio/contracts';
import { DeploymentsRepository, type SiteEntity, SitesRepository } from '@studio/data';
import { ENV, PROJECT_EVENTS, type ProjectEventBus, REDIS } from '@studio/platform';
import type { Redis } from 'ioredis';
import { toSiteView } from './views.js';

/**
 * A site's view, and the two notices after a change to it: SITE_CHANGED_CHANNEL, so every site host forgets
 * what it cached for the site (a rollback is immediate on every process), and `site:updated` for the
 * person's open workspaces. Shared by every route that changes a site (settings, target, rollback,
 * unpublish, domains).
 */
@Injectable()
export class SiteChanges {
  private readonly logger = new Logger(SiteChanges.name);

  constructor(
    private readonly sites: SitesRepository,
    private readonly deployments: DeploymentsRepository,
    @Inject(ENV) private readonly env: Env,
    @Inject(REDIS) private readonly redis: Redis,
    @Inject(PROJECT_EVENTS) private readonly events: ProjectEventBus,
  ) {}

  async view(site: SiteEntity): Promise<SiteView> {
    const [traffic, live] = await Promise.all([this.sites.trafficTotals(site.id), site.liveDeploymentId ? this.deployments.findById(site.liveDeploymentId) : null]);
    return toSiteView(site, this.env, traffic, live?.version ?? null);
  }

  /**
   * Sends both notices and answers the view. The change is committed by then, so a notice that fails is
   * logged rather than failing the request: the person's change stands, and the site host's cache entries
   * expire on their own.
   */
  async announce(site: SiteEntity): Promise<SiteView> {
    const view = await this.view(site);
    await Promise.all([
      this.redis.publish(SITE_CHANGED_CHANNEL, site.id).catch((err) => this.logger.warn({ msg: 'site change not published to the site hosts', siteId: site.id, err: String(err) })),
      this.events.publish(site.projectId, 'site:updated', { site: view }).catch((err) => this.logger.warn({ msg: 'site:updated not published', siteId: site.id, err: String(err) })),
    ]);
    return view;
  }
}
