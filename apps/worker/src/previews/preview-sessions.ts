import { PreviewSessionEntity, type PreviewErrorRecord, type PreviewSessionStatus } from '@studio/data';
import type { PreviewInstance } from '@studio/containers';
import type { RenderCheckView } from '@studio/contracts';
import type { DataSource, Repository } from 'typeorm';

/** preview_sessions: every preview's state (apps/worker is its only writer besides the proxy's access time). */
export class PreviewSessions {
  private readonly repo: Repository<PreviewSessionEntity>;

  constructor(
    private readonly db: DataSource,
    /** Housekeeping sees only this stack's sessions, as the runtime lists only its containers. */
    private readonly stackId: string,
  ) {
    this.repo = db.getRepository(PreviewSessionEntity);
  }

  forProject(projectId: string): Promise<PreviewSessionEntity | null> {
    return this.repo.findOneBy({ projectId });
  }

  get(id: string): Promise<PreviewSessionEntity | null> {
    return this.repo.findOneBy({ id });
  }

  all(): Promise<PreviewSessionEntity[]> {
    return this.repo.findBy({ stackId: this.stackId });
  }

  /** Takes the oldest warm instance of this runtime for the project, or null when the pool is empty. */
  async claimWarm(projectId: string, userId: string, runtime: string): Promise<PreviewSessionEntity | null> {
    const [rows] = (await this.db.query(
      `UPDATE preview_sessions SET project_id = $1, user_id = $2, status = 'starting', last_access_at = now(), updated_at = now()
        WHERE id = (SELECT id FROM preview_sessions WHERE status = 'warm' AND runtime = $3 AND stack_id = $4 AND instance_id IS NOT NULL
                     ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED)
        RETURNING id`,
      [projectId, userId, runtime, this.stackId],
    )) as [{ id: string }[], number];
    return rows.length ? this.get(rows[0].id) : null;
  }

  /** A new session for the project, before its instance exists (so a crash leaves a row to clean up). */
  async insertStarting(projectId: string, userId: string, runtime: string): Promise<PreviewSessionEntity> {
    return this.repo.save(this.repo.create({ stackId: this.stackId, projectId, userId, runtime: runtime as 'docker' | 'process', status: 'starting' }));
  }

  insertWarm(runtime: string): Promise<PreviewSessionEntity> {
    return this.repo.save(this.repo.create({ stackId: this.stackId, projectId: null, userId: null, runtime: runtime as 'docker' | 'process', status: 'warm' }));
  }

  async setInstance(id: string, instance: PreviewInstance): Promise<void> {
    await this.repo.update({ id }, { instanceId: instance.id, host: instance.host, vitePort: instance.vitePort, agentPort: instance.agentPort, agentToken: instance.token, updatedAt: new Date() });
  }

  async setStatus(id: string, status: PreviewSessionStatus, fields: { version?: number | null; error?: string | null } = {}): Promise<void> {
    await this.repo.update({ id }, { status, ...fields, updatedAt: new Date() });
  }

  /** The latest render check of what the session serves; a pass of a committed version marks it as the last that rendered. */
  async setRender(id: string, render: RenderCheckView, version: number | null): Promise<void> {
    const rendered = render.status === 'passed' && version !== null ? { lastRenderedVersion: version } : {};
    await this.repo.update({ id }, { render: { ...render, version } as never, ...rendered, updatedAt: new Date() });
  }

  async touch(id: string): Promise<void> {
    await this.repo.update({ id }, { lastAccessAt: new Date() });
  }

  /** Keeps the five latest errors for the next turn's context. */
  async recordError(id: string, record: PreviewErrorRecord): Promise<void> {
    await this.db.query(
      `UPDATE preview_sessions SET recent_errors = (SELECT COALESCE(jsonb_agg(e), '[]') FROM (
         SELECT e FROM jsonb_array_elements(recent_errors || jsonb_build_array($2::jsonb)) AS e OFFSET GREATEST(jsonb_array_length(recent_errors) + 1 - 5, 0)) t)
       WHERE id = $1`,
      [id, JSON.stringify(record)],
    );
  }

  /**
   * Errors met while a turn's changes were only staged carry no version. When the turn commits they are the
   * new version's errors; when it fails or is cancelled they are dropped with its changes.
   */
  async settleStagedErrors(id: string, committed: number | null): Promise<void> {
    await this.db.query(
      `UPDATE preview_sessions SET recent_errors = (SELECT COALESCE(jsonb_agg(CASE WHEN e->'version' = 'null'::jsonb THEN jsonb_set(e, '{version}', to_jsonb($2::int)) ELSE e END), '[]')
         FROM jsonb_array_elements(recent_errors) AS e WHERE $2::int IS NOT NULL OR e->'version' <> 'null'::jsonb)
       WHERE id = $1 AND recent_errors @> '[{"version": null}]'`,
      [id, committed],
    );
  }

  async delete(id: string): Promise<void> {
    await this.repo.delete({ id });
  }

  /** Sessions nobody has looked at since `before`, in one of `statuses`. */
  idle(statuses: PreviewSessionStatus[], before: Date): Promise<PreviewSessionEntity[]> {
    return this.repo.createQueryBuilder('s').where('s.stack_id = :stack', { stack: this.stackId }).andWhere('s.status IN (:...statuses)', { statuses }).andWhere('s.last_access_at < :before', { before }).andWhere('s.project_id IS NOT NULL').getMany();
  }

  /**
   * Runs `fn` holding the project's preview lock (a Postgres advisory lock on its own connection), so
   * starting, syncing and stopping one project's preview never interleave across worker processes.
   */
  async withProjectLock<T>(projectId: string, fn: () => Promise<T>): Promise<T> {
    const runner = this.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.query(`SELECT pg_advisory_lock(hashtext('preview:' || $1))`, [projectId]);
      return await fn();
    } finally {
      await runner.query(`SELECT pg_advisory_unlock(hashtext('preview:' || $1))`, [projectId]).catch(() => undefined);
      await runner.release();
    }
  }
}
