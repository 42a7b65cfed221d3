import type { DataSource } from 'typeorm';

/**
 * The archive clock of projects (docs/ARCHITECTURE.md "Storage lifecycle"): a visit records itself (at most
 * one write a minute) and brings an archived project back; the archiver picks the projects nobody opened or
 * changed since a cutoff.
 */
export class ProjectLifecycleRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Someone opened the project: last_opened_at moves (only when a minute old, so a busy workspace writes
   * once a minute) and archived_at clears. Answers whether it was archived. One conditional UPDATE and no
   * read first: when nothing is due (the usual visit) no row matches and no row lock is taken, so a visit
   * never queues behind a commit updating the same project. `old.` (PostgreSQL 18) is the row as the update
   * found it, under its own lock, so a concurrent archive is never missed.
   */
  async opened(projectId: string): Promise<{ wasArchived: boolean }> {
    // An UPDATE answers [rows, count] through TypeORM's query().
    const [rows] = (await this.db.query(
      `UPDATE projects SET last_opened_at = now(), archived_at = NULL
        WHERE id = $1 AND (last_opened_at IS NULL OR last_opened_at < now() - interval '1 minute' OR archived_at IS NOT NULL)
        RETURNING old.archived_at IS NOT NULL AS was_archived`,
      [projectId],
    )) as [{ was_archived: boolean }[], number];
    return { wasArchived: rows[0]?.was_archived === true };
  }

  /** Whether the project is archived now (a queued archiving step re-checks it: a visit may have come since). */
  async isArchived(projectId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM projects WHERE id = $1 AND archived_at IS NOT NULL`, [projectId]);
    return rows.length > 0;
  }

  /** Projects not archived, neither changed nor opened since `cutoff`, oldest first. */
  async untouchedSince(cutoff: Date, limit: number): Promise<{ id: string; ownerId: string }[]> {
    const rows: { id: string; owner_id: string }[] = await this.db.query(
      `SELECT id, owner_id FROM projects
        WHERE archived_at IS NULL AND updated_at < $1 AND (last_opened_at IS NULL OR last_opened_at < $1)
        ORDER BY greatest(updated_at, coalesce(last_opened_at, updated_at)) LIMIT $2`,
      [cutoff, limit],
    );
    return rows.map((r) => ({ id: r.id, ownerId: r.owner_id }));
  }

  /** Archives the project unless someone touched it since `cutoff` meanwhile (a visit wins over the archiver). */
  async archive(projectId: string, cutoff: Date): Promise<boolean> {
    const [, count] = (await this.db.query(
      `UPDATE projects SET archived_at = now()
        WHERE id = $1 AND archived_at IS NULL AND updated_at < $2 AND (last_opened_at IS NULL OR last_opened_at < $2)
        RETURNING 1`,
      [projectId, cutoff],
    )) as [unknown[], number];
    return count > 0;
  }
}
