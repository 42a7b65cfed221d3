import type { ErrorBody } from '@studio/contracts';
import { type DataSource, type EntityManager, In, LessThan, type Repository } from 'typeorm';
import { ExportEntity, type ExportKind } from '../entities/export.entity.js';

/** A requested export: queued, with the expiry it has from the start (renewed when its zip is stored). */
export interface NewExport {
  projectId: string;
  ownerId: string;
  kind: ExportKind;
  version: number;
  expiresAt: Date;
}

/**
 * The `exports` rows: the API creates and reads them (by owner), the worker moves them along
 * (queued → running → ready | failed) and deletes them when they expire.
 */
export class ExportsRepository {
  private readonly exports: Repository<ExportEntity>;

  constructor(db: DataSource | EntityManager) {
    this.exports = db.getRepository(ExportEntity);
  }

  create(row: NewExport): Promise<ExportEntity> {
    return this.exports.save(this.exports.create({ ...row, status: 'queued', progress: 0 }));
  }

  /** The owner's exports still queued or building. */
  countPending(ownerId: string): Promise<number> {
    return this.exports.countBy({ ownerId, status: In(['queued', 'running']) });
  }

  findOwned(ownerId: string, id: string): Promise<ExportEntity | null> {
    return this.exports.findOneBy({ id, ownerId });
  }

  /** For the worker, which has the id from its job. */
  find(id: string): Promise<ExportEntity | null> {
    return this.exports.findOneBy({ id });
  }

  /** queued → running (a retried job finds it running already and leaves it so). */
  async markRunning(id: string): Promise<void> {
    await this.exports.update({ id, status: 'queued' }, { status: 'running', progress: 0 });
  }

  /** Only while running: a late progress write never touches a finished export. */
  async setProgress(id: string, progress: number): Promise<void> {
    await this.exports.update({ id, status: 'running' }, { progress });
  }

  async markReady(id: string, done: { objectKey: string; sizeBytes: number; expiresAt: Date }): Promise<void> {
    await this.exports.update({ id }, { status: 'ready', progress: 1, error: null, ...done });
  }

  async markFailed(id: string, error: ErrorBody): Promise<void> {
    // The record goes as a jsonb parameter: TypeORM's update type cannot take ErrorBody's free-form `details`.
    await this.exports
      .createQueryBuilder()
      .update()
      .set({ status: 'failed', error: () => 'CAST(:error AS jsonb)' })
      .setParameter('error', JSON.stringify(error))
      .where('id = :id', { id })
      .execute();
  }

  /** Exports whose time is up, soonest first: every row expires (set when it is created, renewed when its zip is stored). */
  expired(now: Date, limit = 100): Promise<ExportEntity[]> {
    return this.exports.find({ where: { expiresAt: LessThan(now) }, take: limit, order: { expiresAt: 'ASC' } });
  }

  async remove(id: string): Promise<void> {
    await this.exports.delete({ id });
  }
}
