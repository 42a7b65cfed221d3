import type { DataSource, EntityManager } from 'typeorm';

/**
 * The fence between commits and the blob collector (docs/ARCHITECTURE.md "Storage lifecycle"): one advisory
 * lock per project, taken shared by a commit while it claims the blobs it is about to upload, and exclusive
 * by the collector, briefly: once to read what is referenced, then per small batch to re-check the batch and
 * delete what is still unreferenced. Commits never wait on each other, nor on a whole project's sweep.
 */
const PROJECT_LOCK = `hashtextextended('blobs:' || $1, 0)`;

/**
 * Every blob a project's versions and its turns' pending commits refer to, and the claims still in force;
 * only those among $3 when it is given (a batch's re-check).
 */
const REFERENCED = `
  SELECT DISTINCT e.value->>'sha256' AS sha256
    FROM project_versions v, jsonb_each(v.manifest) e
   WHERE v.project_id = $1 AND ($3::text[] IS NULL OR e.value->>'sha256' = ANY($3))
  UNION
  SELECT c->>'sha256'
    FROM turns t, jsonb_array_elements(t.pending_commit->'changes') c
   WHERE t.project_id = $1 AND t.pending_commit IS NOT NULL AND c->>'action' = 'write' AND ($3::text[] IS NULL OR c->>'sha256' = ANY($3))
  UNION
  SELECT sha256 FROM blob_claims
   WHERE project_id = $1 AND claimed_at > now() - make_interval(secs => $2) AND ($3::text[] IS NULL OR sha256 = ANY($3))`;

/** blob_claims, and what the collector must keep. */
export class BlobClaimsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Claims `sha256s` of the project for a commit about to upload them: committed before the first byte is
   * sent, under the project's lock taken shared, so a collector either sees the claim or has finished
   * deleting before the upload starts (the upload then puts the bytes back).
   */
  async claim(projectId: string, sha256s: string[]): Promise<void> {
    const unique = [...new Set(sha256s)];
    if (!unique.length) return;
    // One statement, so one implicit transaction: the shared lock is held until its rows are committed, which
    // is all the fence needs (and a single round trip on a commit's path).
    await this.db.query(
      `INSERT INTO blob_claims (project_id, sha256)
       SELECT $1::uuid, sha FROM (SELECT pg_advisory_xact_lock_shared(hashtextextended('blobs:' || $1::text, 0))) AS locked, unnest($2::text[]) AS sha
       ON CONFLICT (project_id, sha256) DO UPDATE SET claimed_at = now()`,
      [projectId, unique],
    );
  }

  /**
   * The blobs the project must keep: every version's, every pending commit's, and every claim younger than
   * `claimSeconds`, read under the project's lock taken exclusively (held for this one read only).
   */
  referenced(projectId: string, claimSeconds: number): Promise<ReadonlySet<string>> {
    return this.db.transaction(async (tx: EntityManager) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${PROJECT_LOCK})`, [projectId]);
      const rows: { sha256: string }[] = await tx.query(REFERENCED, [projectId, claimSeconds, null]);
      return new Set(rows.map((r) => r.sha256));
    });
  }

  /**
   * Runs `remove` on those of `sha256s` (one small batch) that nothing refers to NOW, holding the project's
   * lock exclusively until it returns: a claim committed before the lock is seen and its blob spared; one
   * after it waits for `remove` to finish, so its upload lands after the delete. Commits that are claiming
   * wait for one batch at most.
   */
  whileUnreferenced<T>(projectId: string, claimSeconds: number, sha256s: string[], remove: (unreferenced: string[]) => Promise<T>): Promise<T> {
    return this.db.transaction(async (tx: EntityManager) => {
      await tx.query(`SELECT pg_advisory_xact_lock(${PROJECT_LOCK})`, [projectId]);
      const rows: { sha256: string }[] = await tx.query(REFERENCED, [projectId, claimSeconds, sha256s]);
      const kept = new Set(rows.map((r) => r.sha256));
      return remove(sha256s.filter((s) => !kept.has(s)));
    });
  }

  /** Claims older than `claimSeconds` protect nothing any more; returns how many went. */
  async pruneExpired(claimSeconds: number): Promise<number> {
    // A DELETE answers [rows, count] through TypeORM's query().
    const [, count] = (await this.db.query(`DELETE FROM blob_claims WHERE claimed_at <= now() - make_interval(secs => $1)`, [claimSeconds])) as [unknown[], number];
    return count;
  }

  /** Ids of projects that may hold blobs (every project row; a deleted project's objects go with its purge). */
  async projectIds(after: string | null, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await this.db.query(`SELECT id FROM projects WHERE ($1::uuid IS NULL OR id > $1::uuid) ORDER BY id LIMIT $2`, [after, limit]);
    return rows.map((r) => r.id);
  }
}
