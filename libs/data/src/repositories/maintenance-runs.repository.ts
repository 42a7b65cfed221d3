import type { DataSource } from 'typeorm';
import { MaintenanceRunEntity } from '../entities/maintenance-run.entity.js';

/** How long a recorded error may be: a stack or a store's answer is cut, never the whole thing. */
const ERROR_CHARS = 2000;

/**
 * What each storage-lifecycle run removed (maintenance_runs): `record` keeps one row per run, written when
 * it starts (so a run that never ends shows as unfinished) and completed with its report or its error.
 */
export class MaintenanceRunsRepository {
  constructor(protected readonly db: DataSource) {}

  /** Runs `work` as a run of `job`; its answer (counts and bytes by kind) is the row's `removed`. Rethrows a failure. */
  async record<T extends Record<string, number>>(job: string, work: () => Promise<T>): Promise<T> {
    const runs = this.db.getRepository(MaintenanceRunEntity);
    const { id } = await runs.save(runs.create({ job }));
    try {
      const removed = await work();
      await runs.update({ id }, { finishedAt: new Date(), removed });
      return removed;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      await runs.update({ id }, { finishedAt: new Date(), error: message.slice(0, ERROR_CHARS) });
      throw err;
    }
  }

  /** The latest runs, newest first (the admin's maintenance view); `job` narrows them to one kind. */
  recent(limit: number, job?: string): Promise<MaintenanceRunEntity[]> {
    return this.db.getRepository(MaintenanceRunEntity).find({ where: job ? { job } : {}, order: { startedAt: 'DESC' }, take: Math.min(Math.max(1, limit), 500) });
  }
}
