import type { ErrorBody, UploadMediaType, UploadPurpose } from '@studio/contracts';
import { type DataSource, type EntityManager, In } from 'typeorm';
import { UploadEntity, type UploadResult } from '../entities/upload.entity.js';

/** What the API knows when a person asks to upload: the id is chosen first, the object key is made from it. */
export interface NewUpload {
  id: string;
  ownerId: string;
  projectId: string;
  purpose: UploadPurpose;
  fileName: string;
  contentType: UploadMediaType;
  declaredSize: number;
  alt: string | null;
  replaces: string | null;
  objectKey: string;
  expiresAt: Date;
}

export interface UploadLimits {
  /** The owner's stored and pending bytes may not pass this. */
  quotaBytes: number;
  /** Pending uploads (created, not completed) an owner may have at once. */
  maxPending: number;
}

export type CreateUploadOutcome = { kind: 'created'; upload: UploadEntity } | { kind: 'quota'; used: number; limit: number } | { kind: 'pending'; pending: number; limit: number };

/** Bytes the quota counts: pending and processing uploads by what they declared, done ones by what they kept. */
const USAGE = `
  SELECT COALESCE(SUM(CASE WHEN status IN ('pending', 'processing') THEN declared_size WHEN status = 'done' THEN stored_bytes ELSE 0 END), 0)::text AS used
    FROM uploads WHERE owner_id = $1`;

/**
 * The `uploads` rows. The API creates them (under the owner's quota), reads them by owner and project, and
 * hands completed ones to the worker (pending → processing); the worker marks them done or refused; the
 * maintenance job expires pending ones nobody completed.
 */
export class UploadsRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  /**
   * Creates the upload pending, unless it would take the owner past the quota or past the pending limit.
   * One owner's creations run one at a time, so two at once cannot both fit under the same remaining quota.
   */
  create(row: NewUpload, limits: UploadLimits): Promise<CreateUploadOutcome> {
    return this.db.transaction(async (tx): Promise<CreateUploadOutcome> => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('uploads:' || $1))`, [row.ownerId]);
      const pending = await tx.getRepository(UploadEntity).countBy({ ownerId: row.ownerId, status: 'pending' });
      if (pending >= limits.maxPending) return { kind: 'pending', pending, limit: limits.maxPending };
      const used = await usageIn(tx, row.ownerId);
      if (used + row.declaredSize > limits.quotaBytes) return { kind: 'quota', used, limit: limits.quotaBytes };
      const repo = tx.getRepository(UploadEntity);
      const upload = await repo.save(repo.create({ ...row, status: 'pending', storedBytes: 0, error: null, result: null }));
      return { kind: 'created', upload };
    });
  }

  /** The owner's uploads created and not yet completed. */
  countPending(ownerId: string): Promise<number> {
    return this.db.getRepository(UploadEntity).countBy({ ownerId, status: 'pending' });
  }

  /** Bytes counted against the owner's quota (see USAGE). */
  usage(ownerId: string): Promise<number> {
    return usageIn(this.db, ownerId);
  }

  /** Another owner's upload, or one of another project, is not found: the same answer as a missing one. */
  findOwned(ownerId: string, projectId: string, id: string): Promise<UploadEntity | null> {
    return this.db.getRepository(UploadEntity).findOneBy({ id, ownerId, projectId });
  }

  /** For the worker, which has the id from its job. */
  find(id: string): Promise<UploadEntity | null> {
    return this.db.getRepository(UploadEntity).findOneBy({ id });
  }

  /** pending → processing; false when it was not pending (completed twice, expired, refused), so one job is queued. */
  async markProcessing(id: string): Promise<boolean> {
    const res = await this.db.getRepository(UploadEntity).update({ id, status: 'pending' }, { status: 'processing' });
    return Boolean(res.affected);
  }

  /** processing → done, with what was kept; false when it was not processing (a retried job that finished already). */
  async markDone(id: string, result: UploadResult, storedBytes: number): Promise<boolean> {
    const res = await this.db
      .getRepository(UploadEntity)
      .createQueryBuilder()
      .update()
      .set({ status: 'done', storedBytes, error: null, result: () => 'CAST(:result AS jsonb)' })
      .setParameter('result', JSON.stringify(result))
      .where(`id = :id AND status = 'processing'`, { id })
      .execute();
    return Boolean(res.affected);
  }

  /** pending or processing → refused, with the reason (a stable code); nothing is kept, so nothing is counted. */
  async markRefused(id: string, error: ErrorBody): Promise<boolean> {
    // The record goes as a jsonb parameter: TypeORM's update type cannot take ErrorBody's free-form `details`.
    const res = await this.db
      .getRepository(UploadEntity)
      .createQueryBuilder()
      .update()
      .set({ status: 'refused', storedBytes: 0, error: () => 'CAST(:error AS jsonb)' })
      .setParameter('error', JSON.stringify(error))
      .where(`id = :id AND status IN ('pending', 'processing')`, { id })
      .execute();
    return Boolean(res.affected);
  }

  /** One pending upload found past its expiry (the API, when it is completed too late). */
  async markExpired(id: string): Promise<boolean> {
    const res = await this.db.getRepository(UploadEntity).update({ id, status: 'pending' }, { status: 'expired' });
    return Boolean(res.affected);
  }

  /** Marks pending uploads past their expiry expired; answers their object keys, for the store to delete. */
  async expirePending(now: Date, limit = 500): Promise<string[]> {
    const [rows]: [{ object_key: string }[], number] = await this.db.query(
      `UPDATE uploads SET status = 'expired', updated_at = now()
        WHERE id IN (SELECT id FROM uploads WHERE status = 'pending' AND expires_at < $1 ORDER BY expires_at LIMIT $2 FOR UPDATE SKIP LOCKED)
        RETURNING object_key`,
      [now, limit],
    );
    return rows.map((r) => r.object_key);
  }

  /** The project's uploads with these ids, in any state (a chat message's attachments are checked against them). */
  forIds(projectId: string, ids: string[]): Promise<UploadEntity[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.db.getRepository(UploadEntity).findBy({ projectId, id: In(ids) });
  }
}

async function usageIn(db: DataSource | EntityManager, ownerId: string): Promise<number> {
  const [row]: { used: string }[] = await db.query(USAGE, [ownerId]);
  return Number(row?.used ?? 0);
}
