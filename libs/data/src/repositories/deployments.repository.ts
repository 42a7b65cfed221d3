import type { DeploymentStage, ErrorBody } from '@studio/contracts';
import { type DataSource, type EntityManager, IsNull, type Repository } from 'typeorm';
import { DeploymentEntity } from '../entities/deployment.entity.js';
import type { PublishTargetKind } from '../entities/site.entity.js';
import { lockSite } from './site-lock.js';

export interface NewDeployment {
  siteId: string;
  projectId: string;
  ownerId: string;
  version: number;
  targetKind: PublishTargetKind;
}

/** The most a listing returns. */
const MAX_LIST = 200;

/**
 * The `deployments` rows: the API creates and lists them (by owner), the worker moves them along
 * (queued → building → ready | failed; ready through SitesRepository.activate, with the live pointer) and
 * retention marks the files of old ones deleted.
 */
export class DeploymentsRepository {
  private readonly deployments: Repository<DeploymentEntity>;

  constructor(private readonly db: DataSource | EntityManager) {
    this.deployments = db.getRepository(DeploymentEntity);
  }

  create(input: NewDeployment): Promise<DeploymentEntity> {
    return this.deployments.save(this.deployments.create({ ...input, status: 'queued', progress: 0 }));
  }

  find(ownerId: string, deploymentId: string): Promise<DeploymentEntity | null> {
    return this.deployments.findOneBy({ id: deploymentId, ownerId });
  }

  /** Whoever owns it: for the worker, which has the id from its job. */
  findById(deploymentId: string): Promise<DeploymentEntity | null> {
    return this.deployments.findOneBy({ id: deploymentId });
  }

  /** Newest first; `limit` is clamped to 1..200. */
  listForSite(ownerId: string, siteId: string, limit = 50): Promise<DeploymentEntity[]> {
    return this.deployments.find({ where: { ownerId, siteId }, order: { createdAt: 'DESC', id: 'DESC' }, take: Math.min(Math.max(Math.trunc(limit), 1), MAX_LIST) });
  }

  /** queued → building (a retried job finds it building already and leaves it so). */
  async markBuilding(id: string): Promise<void> {
    await this.deployments.update({ id, status: 'queued' }, { status: 'building', progress: 0 });
  }

  /** Only while building: a late progress write never touches a finished deployment. */
  async setProgress(id: string, progress: number, stage: DeploymentStage): Promise<void> {
    await this.deployments.update({ id, status: 'building' }, { progress, stage });
  }

  /** Only while queued or building: a deployment that became ready (maybe live) never turns failed. */
  async markFailed(id: string, error: ErrorBody): Promise<void> {
    // The record goes as a jsonb parameter: TypeORM's update type cannot take ErrorBody's free-form `details`.
    await this.deployments
      .createQueryBuilder()
      .update()
      .set({ status: 'failed', error: () => 'CAST(:error AS jsonb)' })
      .setParameter('error', JSON.stringify(error))
      .where('id = :id AND status IN (:...pending)', { id, pending: ['queued', 'building'] })
      .execute();
  }

  /**
   * Ready deployments of the site past its newest `keep` ready ones whose files are still stored, oldest
   * last; never the live one (it is skipped, not counted out). Call markFilesDeleted before deleting files.
   */
  prunable(siteId: string, keep: number): Promise<DeploymentEntity[]> {
    return this.deployments
      .createQueryBuilder('d')
      .where('d.id IN (SELECT r.id FROM deployments r WHERE r.site_id = :siteId AND r.status = :ready AND r.files_deleted_at IS NULL ORDER BY r.created_at DESC, r.id DESC OFFSET :keep)', {
        siteId,
        ready: 'ready',
        keep: Math.max(Math.trunc(keep), 0),
      })
      .andWhere('NOT EXISTS (SELECT 1 FROM sites s WHERE s.live_deployment_id = d.id)')
      .orderBy('d.created_at', 'DESC')
      .addOrderBy('d.id', 'DESC')
      .getMany();
  }

  /** Sites with ready deployments whose files are stored: the ones retention has to look at. */
  async sitesWithDeployments(): Promise<string[]> {
    const rows = await this.deployments
      .createQueryBuilder('d')
      .select('DISTINCT d.site_id', 'site_id')
      .where('d.status = :ready AND d.files_deleted_at IS NULL', { ready: 'ready' })
      .getRawMany<{ site_id: string }>();
    return rows.map((r) => r.site_id);
  }

  /**
   * Records that the deployment's files are going, before they go, holding the site's lock so a rollback
   * cannot make it live meanwhile. False (and nothing marked) when it is live: its files must stay.
   */
  markFilesDeleted(id: string): Promise<boolean> {
    const work = async (tx: EntityManager) => {
      const deployment = await tx.getRepository(DeploymentEntity).findOneBy({ id });
      if (!deployment) return false;
      const site = await lockSite(tx, deployment.siteId);
      if (site?.liveDeploymentId === id) return false;
      await tx.getRepository(DeploymentEntity).update({ id, filesDeletedAt: IsNull() }, { filesDeletedAt: () => 'now()' });
      return true;
    };
    return this.db.transaction(work);
  }
}
