import type { DataSource } from 'typeorm';

/** What each storage-lifecycle run removed (maintenance_runs). STUB (issue 21, storage lifecycle). */
export class MaintenanceRunsRepository {
  constructor(protected readonly db: DataSource) {}
}
