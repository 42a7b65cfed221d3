import type { ErrorBody } from '@studio/contracts';
import { ExportEntity } from '@studio/data';
import { projectPrefix } from '@studio/files';
import { type DataSource, LessThan } from 'typeorm';

/** Where an export's zip lives: under its project's prefix, so deleting the project deletes it too. */
export const exportKey = (projectId: string, exportId: string) => `${projectPrefix(projectId)}exports/${exportId}.zip`;

/** The `exports` rows as the worker moves them along (queued → running → ready | failed). */
export class ExportStore {
  constructor(private readonly db: DataSource) {}

  private get repo() {
    return this.db.getRepository(ExportEntity);
  }

  find(id: string): Promise<ExportEntity | null> {
    return this.repo.findOneBy({ id });
  }

  async running(id: string): Promise<void> {
    await this.repo.update({ id, status: 'queued' }, { status: 'running', progress: 0 });
  }

  async progress(id: string, progress: number): Promise<void> {
    await this.repo.update({ id, status: 'running' }, { progress });
  }

  async ready(id: string, done: { objectKey: string; sizeBytes: number; expiresAt: Date }): Promise<void> {
    await this.repo.update({ id }, { status: 'ready', progress: 1, error: null, ...done });
  }

  async failed(id: string, error: ErrorBody): Promise<void> {
    // TypeORM's update type does not take a jsonb record as is; the column stores it unchanged.
    await this.repo.update({ id }, { status: 'failed', error: error as never });
  }

  /** Exports whose time is up: every row expires (set when it is created, renewed when its zip is stored). */
  expired(now: Date, limit = 100): Promise<ExportEntity[]> {
    return this.repo.find({ where: { expiresAt: LessThan(now) }, take: limit, order: { expiresAt: 'ASC' } });
  }

  async remove(id: string): Promise<void> {
    await this.repo.delete({ id });
  }
}
