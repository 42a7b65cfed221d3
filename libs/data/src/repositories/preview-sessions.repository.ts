import type { RenderCheckView } from '@studio/contracts';
import { type DataSource, In, Not, type Repository } from 'typeorm';
import { type PreviewErrorRecord, PreviewSessionEntity, type PreviewSessionStatus, SERVING_STATUSES } from '../entities/preview-session.entity.js';

/** Where a preview runs, as the runtime reports it once the instance is up. */
export interface PreviewInstanceAddress {
  id: string;
  host: string;
  vitePort: number;
  agentPort: number;
  token: string;
}

/** A project, its owner, and its preview session if it has one: what the API needs to show or proxy a preview. */
export interface PreviewTarget {
  projectId: string;
  ownerId: string;
  sessionId: string | null;
  status: string | null;
  host: string | null;
  vitePort: number | null;
  version: number | null;
  error: string | null;
  /** The worker's latest render check of what the preview serves. */
  render: RenderCheckView | null;
}

/**
 * preview_sessions: every preview's state. The worker is its writer; the API reads where a project's preview
 * runs, counts a user's serving previews and records visits.
 */
export class PreviewSessionsRepository {
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

  /** Every session of this stack, warm ones included. */
  all(): Promise<PreviewSessionEntity[]> {
    return this.repo.findBy({ stackId: this.stackId });
  }

  /** The project with its owner and its session's address and state; null when there is no such project. */
  async target(projectId: string): Promise<PreviewTarget | null> {
    const rows: PreviewTarget[] = await this.db.query(
      `SELECT p.id AS "projectId", p.owner_id AS "ownerId", s.id AS "sessionId", s.status, s.host, s.vite_port AS "vitePort", s.version, s.error, s.render
         FROM projects p LEFT JOIN preview_sessions s ON s.project_id = p.id WHERE p.id = $1`,
      [projectId],
    );
    return rows[0] ?? null;
  }

  /** How many of the user's previews serve now, leaving out one project's (which may always restart). */
  countServing(userId: string, exceptProjectId: string): Promise<number> {
    return this.repo.countBy({ userId, projectId: Not(exceptProjectId), status: In([...SERVING_STATUSES]) });
  }

  /** What the project's live preview reported wrong with `version` lately (build and runtime errors), for the model to fix. */
  async errorsOf(projectId: string, version: number): Promise<PreviewErrorRecord[]> {
    const session = await this.repo.findOne({ where: { projectId }, select: { id: true, recentErrors: true } });
    return (session?.recentErrors ?? []).filter((e) => e.version === version);
  }

  /** Takes the oldest warm instance of this runtime for the project, or null when the pool is empty. */
  async claimWarm(projectId: string, userId: string, runtime: PreviewSessionEntity['runtime']): Promise<PreviewSessionEntity | null> {
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
  insertStarting(projectId: string, userId: string, runtime: PreviewSessionEntity['runtime']): Promise<PreviewSessionEntity> {
    return this.repo.save(this.repo.create({ stackId: this.stackId, projectId, userId, runtime, status: 'starting' }));
  }

  /** A new warm-pool session, before its instance exists. */
  insertWarm(runtime: PreviewSessionEntity['runtime']): Promise<PreviewSessionEntity> {
    return this.repo.save(this.repo.create({ stackId: this.stackId, projectId: null, userId: null, runtime, status: 'warm' }));
  }

  async setInstance(id: string, instance: PreviewInstanceAddress): Promise<void> {
    await this.repo.update({ id }, { instanceId: instance.id, host: instance.host, vitePort: instance.vitePort, agentPort: instance.agentPort, agentToken: instance.token, updatedAt: new Date() });
  }

  async setStatus(id: string, status: PreviewSessionStatus, fields: { version?: number | null; error?: string | null } = {}): Promise<void> {
    await this.repo.update({ id }, { status, ...fields, updatedAt: new Date() });
  }

  /** The latest render check of what the session serves; a pass of a committed version marks it as the last that rendered. */
  async setRender(id: string, render: RenderCheckView, version: number | null): Promise<void> {
    const rendered = render.status === 'passed' && version !== null ? { lastRenderedVersion: version } : {};
    // TypeORM's update types a jsonb column's value as a deep partial of entities, which a union of views is not.
    await this.repo.update({ id }, { render: { ...render, version } as never, ...rendered, updatedAt: new Date() });
  }

  /**
   * Whether a version's page is known to render, so a preview that starts on it need not load it again: a
   * project's untouched template (every template renders in Chromium in the template suite, test/templates), a
   * version whose turn's render check passed on exactly its files, or one a preview of the project checked.
   */
  async knownToRender(projectId: string, version: number): Promise<boolean> {
    const [row]: { known: boolean }[] = await this.repo.manager.query(
      `SELECT EXISTS (SELECT 1 FROM project_versions WHERE project_id = $1 AND number = $2 AND source = 'template')
           OR EXISTS (SELECT 1 FROM turns WHERE project_id = $1 AND version = $2 AND render->>'status' = 'passed')
           OR EXISTS (SELECT 1 FROM preview_sessions WHERE project_id = $1 AND last_rendered_version = $2) AS known`,
      [projectId, version],
    );
    return row?.known === true;
  }

  /** Someone looked at the preview now (the idle reaper counts from here). */
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

  /** Deletes a warm session unless a project claimed it meanwhile; false when it was no longer warm. */
  async deleteWarm(id: string): Promise<boolean> {
    return Boolean((await this.repo.delete({ id, status: 'warm' })).affected);
  }

  /** This stack's sessions of a project nobody has looked at since `before`, in one of `statuses`. */
  idle(statuses: PreviewSessionStatus[], before: Date): Promise<PreviewSessionEntity[]> {
    return this.repo
      .createQueryBuilder('s')
      .where('s.stack_id = :stack', { stack: this.stackId })
      .andWhere('s.status IN (:...statuses)', { statuses })
      .andWhere('s.last_access_at < :before', { before })
      .andWhere('s.project_id IS NOT NULL')
      .getMany();
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
