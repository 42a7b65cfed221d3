import { type DeploymentManifest, StudioError } from '@studio/contracts';
import type { DataSource, EntityManager, Repository } from 'typeorm';
import { DeploymentEntity } from '../entities/deployment.entity.js';
import { type S3TargetConfig, SiteEntity } from '../entities/site.entity.js';
import { SiteTrafficEntity } from '../entities/site-traffic.entity.js';
import { lockSite } from './site-lock.js';
import { violatedConstraint } from './unique-violation.js';

export interface NewSite {
  projectId: string;
  ownerId: string;
  slug: string;
}

export type SiteSettingsPatch = Partial<Pick<SiteEntity, 'slug' | 'title' | 'description' | 'imagePath' | 'noindex'>>;

/** Where a site publishes; `secret` is the bucket's secret access key already sealed. */
export type SiteTarget = { kind: 'builtin' } | { kind: 's3'; config: S3TargetConfig; secret: string };

/** What a finished build stored, written with its activation. */
export interface DeploymentReady {
  manifest: DeploymentManifest;
  fileCount: number;
  sizeBytes: number;
  buildMs: number;
  publishMs: number;
}

/** What the site host needs to answer a request: the live deployment of a published site. */
export interface LiveSite {
  siteId: string;
  ownerId: string;
  projectId: string;
  deploymentId: string;
  manifest: DeploymentManifest;
  noindex: boolean;
}

export interface TrafficRow {
  siteId: string;
  requests: number;
  bytes: number;
}

interface LiveSiteRow {
  site_id: string;
  owner_id: string;
  project_id: string;
  deployment_id: string;
  manifest: DeploymentManifest;
  noindex: boolean;
}

const SLUG_CONSTRAINT = 'sites_slug_key';
const PROJECT_CONSTRAINT = 'sites_project_id_key';

const notFound = () => new StudioError('SITE_NOT_FOUND', 'This project has no site.');
const slugTaken = (slug: string) => new StudioError('SLUG_TAKEN', `The address ${slug} is taken; choose another.`, { slug });

/**
 * The `sites` rows and the live pointer. Reads a request makes name the owner, so another user's site is
 * simply not found; the worker and the site host read by id or host. Every move of the pointer (activate,
 * rollback, unpublish) is one statement or one transaction holding the site row's lock, in that order (site,
 * then deployment), as DeploymentsRepository.markFilesDeleted takes them too.
 */
export class SitesRepository {
  private readonly sites: Repository<SiteEntity>;

  constructor(private readonly db: DataSource | EntityManager) {
    this.sites = db.getRepository(SiteEntity);
  }

  findForProject(ownerId: string, projectId: string): Promise<SiteEntity | null> {
    return this.sites.findOneBy({ ownerId, projectId });
  }

  /** Whoever owns it: for the worker, which has the id from its job. */
  findById(siteId: string): Promise<SiteEntity | null> {
    return this.sites.findOneBy({ id: siteId });
  }

  /**
   * A taken slug fails with SLUG_TAKEN. Two requests creating the project's site at once: the second gets the
   * site the first created (the caller then applies its settings), never a database error.
   */
  async create(input: NewSite): Promise<SiteEntity> {
    try {
      return await this.sites.save(this.sites.create(input));
    } catch (err) {
      const constraint = violatedConstraint(err);
      if (constraint === SLUG_CONSTRAINT) throw slugTaken(input.slug);
      if (constraint === PROJECT_CONSTRAINT) {
        const existing = await this.findForProject(input.ownerId, input.projectId);
        if (existing) return existing;
      }
      throw err;
    }
  }

  /** Only the fields given (null clears); a taken slug fails with SLUG_TAKEN. Never touches the live pointer. */
  async updateSettings(ownerId: string, siteId: string, patch: SiteSettingsPatch): Promise<SiteEntity> {
    const fields: SiteSettingsPatch = {};
    if (patch.slug !== undefined) fields.slug = patch.slug;
    if (patch.title !== undefined) fields.title = patch.title;
    if (patch.description !== undefined) fields.description = patch.description;
    if (patch.imagePath !== undefined) fields.imagePath = patch.imagePath;
    if (patch.noindex !== undefined) fields.noindex = patch.noindex;
    if (Object.keys(fields).length > 0) {
      try {
        const res = await this.sites.update({ id: siteId, ownerId }, fields);
        if (!res.affected) throw notFound();
      } catch (err) {
        if (violatedConstraint(err) === SLUG_CONSTRAINT) throw slugTaken(fields.slug ?? '');
        throw err;
      }
    }
    return this.owned(ownerId, siteId);
  }

  async setTarget(ownerId: string, siteId: string, target: SiteTarget): Promise<SiteEntity> {
    const fields =
      target.kind === 'builtin' ? { targetKind: target.kind, targetConfig: null, targetSecret: null } : { targetKind: target.kind, targetConfig: target.config, targetSecret: target.secret };
    const res = await this.sites.update({ id: siteId, ownerId }, fields);
    if (!res.affected) throw notFound();
    return this.owned(ownerId, siteId);
  }

  /**
   * Marks the deployment ready with what was stored and, in the same transaction, makes it live unless the
   * pointer was decided after the deployment was requested (a rollback, an unpublish, or a later deployment
   * that went live first): then it stays ready but not live. Running it again (a retried job, a bucket
   * site's rollback putting its files back) keeps the first ready time, answers live for the live one and
   * never takes the pointer back for another.
   */
  activate(deploymentId: string, ready: DeploymentReady): Promise<{ live: boolean; site: SiteEntity }> {
    return this.db.transaction(async (tx) => {
      const deployment = await tx.getRepository(DeploymentEntity).findOneBy({ id: deploymentId });
      if (!deployment) throw new StudioError('DEPLOYMENT_NOT_FOUND', 'No such deployment.');
      const site = await lockSite(tx, deployment.siteId);
      if (!site) throw new StudioError('DEPLOYMENT_NOT_FOUND', 'No such deployment.');

      await tx
        .createQueryBuilder()
        .update(DeploymentEntity)
        .set({ ...ready, status: 'ready', progress: 1, error: null, readyAt: () => 'COALESCE(ready_at, now())' })
        .where('id = :id', { id: deploymentId })
        .execute();
      if (site.liveDeploymentId === deploymentId) return { live: true, site };

      // Compared in SQL: timestamps have microseconds there, milliseconds here. The pointer's time becomes the
      // deployment's request time, so of two deployments finishing out of order the later request wins.
      const requestedAt = '(SELECT created_at FROM deployments WHERE id = :deploymentId)';
      const moved = await tx
        .createQueryBuilder()
        .update(SiteEntity)
        .set({ liveDeploymentId: deploymentId, liveChangedAt: () => requestedAt, publishedAt: () => 'now()' })
        .where(`id = :siteId AND (live_changed_at IS NULL OR live_changed_at < ${requestedAt})`, { siteId: site.id, deploymentId })
        .execute();
      const after = await tx.getRepository(SiteEntity).findOneByOrFail({ id: site.id });
      return { live: Boolean(moved.affected), site: after };
    });
  }

  /**
   * Makes an earlier ready deployment live with no build. Its files must still be there (not pruned). Any
   * deployment requested before now no longer goes live when it finishes.
   */
  rollback(ownerId: string, siteId: string, deploymentId: string): Promise<SiteEntity> {
    return this.db.transaction(async (tx) => {
      const site = await lockSite(tx, siteId, ownerId);
      if (!site) throw notFound();
      const deployment = await tx.getRepository(DeploymentEntity).findOneBy({ id: deploymentId, siteId, ownerId });
      if (!deployment) throw new StudioError('DEPLOYMENT_NOT_FOUND', 'No such deployment of this site.');
      if (deployment.status !== 'ready' || deployment.filesDeletedAt !== null) {
        throw new StudioError('DEPLOYMENT_NOT_READY', deployment.filesDeletedAt ? 'That deployment’s files were removed by retention.' : `That deployment is ${deployment.status}, not ready.`, {
          status: deployment.status,
        });
      }
      if (site.liveDeploymentId === deploymentId) return site;
      await tx.getRepository(SiteEntity).update({ id: siteId }, { liveDeploymentId: deploymentId, liveChangedAt: () => 'now()', publishedAt: () => 'now()' });
      return tx.getRepository(SiteEntity).findOneByOrFail({ id: siteId });
    });
  }

  /** Takes the site down (the host answers 404); its deployments stay for a later rollback. */
  async unpublish(ownerId: string, siteId: string): Promise<SiteEntity> {
    const res = await this.sites.update({ id: siteId, ownerId }, { liveDeploymentId: null, liveChangedAt: () => 'now()', publishedAt: null });
    if (!res.affected) throw notFound();
    return this.owned(ownerId, siteId);
  }

  async trafficTotals(siteId: string): Promise<{ requests: number; bytes: number }> {
    const sums = await this.db
      .getRepository(SiteTrafficEntity)
      .createQueryBuilder('t')
      .select('COALESCE(SUM(t.requests), 0)', 'requests')
      .addSelect('COALESCE(SUM(t.bytes), 0)', 'bytes')
      .where('t.site_id = :siteId', { siteId })
      .getRawOne<{ requests: string; bytes: string }>();
    return { requests: Number(sums?.requests ?? 0), bytes: Number(sums?.bytes ?? 0) };
  }

  /**
   * Adds the counts to the day's rows (UTC; default today) in one statement. Rows of sites deleted meanwhile
   * are dropped rather than failing the batch; several rows for one site are summed.
   */
  async addTraffic(rows: TrafficRow[], day: Date = new Date()): Promise<void> {
    if (rows.length === 0) return;
    await this.db.query(
      `WITH counts AS (
         SELECT site_id, sum(requests) AS requests, sum(bytes) AS bytes
           FROM unnest($2::uuid[], $3::bigint[], $4::bigint[]) AS c(site_id, requests, bytes)
          GROUP BY site_id),
       present AS (SELECT id FROM sites WHERE id IN (SELECT site_id FROM counts) FOR KEY SHARE)
       INSERT INTO site_traffic (site_id, day, requests, bytes)
       SELECT counts.site_id, $1::date, counts.requests, counts.bytes FROM counts JOIN present ON present.id = counts.site_id
       ON CONFLICT (site_id, day) DO UPDATE
         SET requests = site_traffic.requests + EXCLUDED.requests, bytes = site_traffic.bytes + EXCLUDED.bytes`,
      [day.toISOString().slice(0, 10), rows.map((r) => r.siteId), rows.map((r) => Math.round(r.requests)), rows.map((r) => Math.round(r.bytes))],
    );
  }

  /** The site host's lookup, one query: by slug or by a verified custom domain; only published sites. Case-insensitive. */
  async liveByHost(host: { slug: string } | { domain: string }): Promise<LiveSite | null> {
    const select = `SELECT s.id AS site_id, s.owner_id, s.project_id, s.noindex, d.id AS deployment_id, d.manifest`;
    const rows: LiveSiteRow[] =
      'slug' in host
        ? await this.db.query(
            `${select} FROM sites s JOIN deployments d ON d.id = s.live_deployment_id
              WHERE s.slug = $1 AND d.manifest IS NOT NULL`,
            [host.slug.toLowerCase()],
          )
        : await this.db.query(
            `${select} FROM site_domains sd JOIN sites s ON s.id = sd.site_id JOIN deployments d ON d.id = s.live_deployment_id
              WHERE sd.domain = $1 AND sd.status = 'verified' AND d.manifest IS NOT NULL`,
            [host.domain.toLowerCase()],
          );
    const row = rows[0];
    if (!row) return null;
    return { siteId: row.site_id, ownerId: row.owner_id, projectId: row.project_id, deploymentId: row.deployment_id, manifest: row.manifest, noindex: row.noindex };
  }

  private async owned(ownerId: string, siteId: string): Promise<SiteEntity> {
    const site = await this.sites.findOneBy({ id: siteId, ownerId });
    if (!site) throw notFound();
    return site;
  }
}
