import { StudioError } from '@studio/contracts';
import type { DataSource, EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { FormSubmissionEntity } from '../entities/form-submission.entity.js';
import { SiteEntity } from '../entities/site.entity.js';

export interface NewFormSubmission {
  siteId: string;
  form: string;
  page: string;
  data: Record<string, string>;
  addressHash: string;
}

export interface FormSubmissionQuery {
  form?: string;
  /** A `nextCursor` of an earlier page. */
  before?: string;
  /** Clamped to 1..200. */
  limit: number;
}

export interface FormSubmissionRows {
  items: FormSubmissionEntity[];
  nextCursor?: string;
}

/** The most `all` yields: the CSV export's cap. */
export const FORM_EXPORT_MAX_ROWS = 100_000;
const MAX_PAGE = 200;
const EXPORT_BATCH = 1000;

/** Postgres' own text of a timestamptz (`2026-12-02 03:53:28.123456+00`): exact to the microsecond, unlike a JS Date. */
const TIMESTAMP_TEXT = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:\.\d{1,6})?[+-]\d\d(?::\d\d){0,2}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Cursor {
  at: string;
  id: string;
}

const encodeCursor = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');

function decodeCursor(raw: string): Cursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    parsed = null;
  }
  if (typeof parsed === 'object' && parsed !== null && 'at' in parsed && 'id' in parsed) {
    const { at, id } = parsed;
    if (typeof at === 'string' && TIMESTAMP_TEXT.test(at) && typeof id === 'string' && UUID.test(id)) return { at, id };
  }
  throw new StudioError('VALIDATION_FAILED', 'The cursor is not one this listing gave out.', { field: 'before' });
}

/**
 * The `form_submissions` rows. Stored by the site host for a site it resolved; read only through a site of
 * the owner's (the join names the owner), so no query can reach another site's submissions. Listed newest
 * first, paged by (created_at, id).
 */
export class FormSubmissionsRepository {
  private readonly submissions: Repository<FormSubmissionEntity>;

  constructor(db: DataSource | EntityManager) {
    this.submissions = db.getRepository(FormSubmissionEntity);
  }

  add(input: NewFormSubmission): Promise<FormSubmissionEntity> {
    return this.submissions.save(this.submissions.create(input));
  }

  /** One page, newest first; another owner's site answers an empty page. A malformed `before` fails with VALIDATION_FAILED. */
  page(ownerId: string, siteId: string, q: FormSubmissionQuery): Promise<FormSubmissionRows> {
    return this.slice(ownerId, siteId, q.form, q.before, Math.min(Math.max(Math.trunc(q.limit) || 1, 1), MAX_PAGE));
  }

  /** Every submission (of one form, or all), newest first, at most FORM_EXPORT_MAX_ROWS, read in batches. */
  async *all(ownerId: string, siteId: string, form?: string): AsyncIterable<FormSubmissionEntity> {
    let yielded = 0;
    let before: string | undefined;
    while (yielded < FORM_EXPORT_MAX_ROWS) {
      const batch = await this.slice(ownerId, siteId, form, before, Math.min(EXPORT_BATCH, FORM_EXPORT_MAX_ROWS - yielded));
      for (const item of batch.items) yield item;
      yielded += batch.items.length;
      if (!batch.nextCursor) return;
      before = batch.nextCursor;
    }
  }

  private async slice(ownerId: string, siteId: string, form: string | undefined, before: string | undefined, limit: number): Promise<FormSubmissionRows> {
    const query = this.owned(ownerId, siteId, form);
    if (before !== undefined) query.andWhere('(f.created_at, f.id) < (CAST(:at AS timestamptz), CAST(:id AS uuid))', decodeCursor(before));
    // One more than asked says whether there is a next page.
    const { entities, raw } = await query
      .addSelect('CAST(f.created_at AS text)', 'cursor_at')
      .limit(limit + 1)
      .getRawAndEntities<{ cursor_at: string }>();
    const items = entities.slice(0, limit);
    const last = items.at(-1);
    const lastRaw = raw[items.length - 1];
    return entities.length > limit && last && lastRaw ? { items, nextCursor: encodeCursor({ at: lastRaw.cursor_at, id: last.id }) } : { items };
  }

  private owned(ownerId: string, siteId: string, form: string | undefined): SelectQueryBuilder<FormSubmissionEntity> {
    const query = this.submissions
      .createQueryBuilder('f')
      .innerJoin(SiteEntity, 's', 's.id = f.site_id AND s.owner_id = :ownerId', { ownerId })
      .where('f.site_id = :siteId', { siteId })
      .orderBy('f.created_at', 'DESC')
      .addOrderBy('f.id', 'DESC');
    return form === undefined ? query : query.andWhere('f.form = :form', { form });
  }
}
