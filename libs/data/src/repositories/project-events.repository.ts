import type { ProjectEventName, ProjectEventPayloads, StoredProjectEvent } from '@studio/contracts';
import { type DataSource, type EntityManager, MoreThan } from 'typeorm';
import { ProjectEventEntity } from '../entities/project-event.entity.js';

/**
 * A project's event log (`project_events`, numbered by `projects.event_seq`): every Socket.IO event of a
 * project is stored here before it is sent, so a client that reconnects can replay what it missed. Takes a
 * DataSource, or the EntityManager of a transaction when the event must commit with the change it announces.
 */
export class ProjectEventsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Stores the event with the project's next seq and returns it as stored; null when the project no longer
   * exists. One statement takes the seq and stores the event, so two processes never share a seq.
   */
  async append<E extends ProjectEventName>(projectId: string, name: E, payload: ProjectEventPayloads[E]): Promise<StoredProjectEvent<E> | null> {
    const rows: { seq: number }[] = await this.db.query(
      `WITH next AS (UPDATE projects SET event_seq = event_seq + 1 WHERE id = $1 RETURNING event_seq)
       INSERT INTO project_events (project_id, seq, name, payload) SELECT $1, event_seq, $2, $3 FROM next RETURNING seq`,
      [projectId, name, JSON.stringify(payload)],
    );
    if (!rows.length) return null;
    return { projectId, seq: Number(rows[0].seq), name, payload };
  }

  /** The project's latest seq (0 before any event, or when there is no such project). */
  async currentSeq(projectId: string): Promise<number> {
    const [row]: { event_seq: number }[] = await this.db.query(`SELECT event_seq FROM projects WHERE id = $1`, [projectId]);
    return row ? Number(row.event_seq) : 0;
  }

  /**
   * Events after `afterSeq`, oldest first: at most `limit`, the newest ones when more were stored since
   * (`truncated` then says the caller missed some and must reload).
   */
  async after(projectId: string, afterSeq: number, limit: number): Promise<{ events: StoredProjectEvent[]; truncated: boolean }> {
    const rows = await this.db.getRepository(ProjectEventEntity).find({
      where: { projectId, seq: MoreThan(afterSeq) },
      order: { seq: 'DESC' },
      take: limit + 1,
    });
    return { truncated: rows.length > limit, events: rows.slice(0, limit).reverse().map(toStoredEvent) };
  }
}

/**
 * A stored row as the event it was appended as. Rows are written only by `append`, whose payload type
 * follows its name, so the pair read back is one of the contract's events; the column types cannot say so.
 */
function toStoredEvent(row: ProjectEventEntity): StoredProjectEvent {
  return { projectId: row.projectId, seq: row.seq, name: row.name, payload: row.payload } as StoredProjectEvent;
}
