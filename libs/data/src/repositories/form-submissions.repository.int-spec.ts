import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import type { FormSubmissionEntity } from '../entities/form-submission.entity.js';
import { FormSubmissionsRepository, type NewFormSubmission } from './form-submissions.repository.js';
import { newOwner, newSite } from './testing/site-fixtures.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let forms: FormSubmissionsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 4 });
  await ds.initialize();
  forms = new FormSubmissionsRepository(ds);
});
afterAll(() => ds.destroy());

const submission = (siteId: string, n: number, form = 'waitlist'): NewFormSubmission => ({
  siteId,
  form,
  page: '/',
  data: { email: `p${n}@example.test`, note: 'ünïcode "quoted"' },
  addressHash: 'h',
});

/** Adds them in one transaction: they share one created_at, so only the id orders them (the cursor's tie-break). */
async function addAtOnce(rows: NewFormSubmission[]): Promise<FormSubmissionEntity[]> {
  return ds.transaction(async (tx) => {
    const added = [];
    for (const row of rows) added.push(await new FormSubmissionsRepository(tx).add(row));
    return added;
  });
}

/** Postgres orders uuids by their bytes: the same as their lowercase text, compared by code point (not by locale). */
const descending = (a: string, b: string) => (a < b ? 1 : a > b ? -1 : 0);

async function collect(rows: AsyncIterable<FormSubmissionEntity> | Promise<FormSubmissionEntity[]>): Promise<FormSubmissionEntity[]> {
  const out = [];
  for await (const row of await rows) out.push(row);
  return out;
}

describe('FormSubmissionsRepository', () => {
  it('stores a submission with its form, page and data as given', async () => {
    const site = await newSite(ds);
    const added = await forms.add(submission(site.id, 1));
    expect(added).toMatchObject({ siteId: site.id, form: 'waitlist', page: '/', data: { email: 'p1@example.test', note: 'ünïcode "quoted"' }, addressHash: 'h' });
    expect(added.createdAt).toBeInstanceOf(Date);
    expect((await forms.page(site.ownerId, site.id, { limit: 10 })).items).toEqual([expect.objectContaining({ id: added.id, data: added.data })]);
  });

  it('pages newest first through rows sharing a timestamp, each row exactly once', async () => {
    const site = await newSite(ds);
    const early = await addAtOnce([1, 2, 3, 4].map((n) => submission(site.id, n)));
    const late = await addAtOnce([5, 6, 7].map((n) => submission(site.id, n)));
    const seen: string[] = [];
    let before: string | undefined;
    let pages = 0;
    do {
      const page = await forms.page(site.ownerId, site.id, { before, limit: 2 });
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.id));
      before = page.nextCursor;
      pages++;
    } while (before && pages < 10);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(7);
    // The later transaction's rows first, then the earlier ones; within one, by id descending.
    const byIdDesc = (rows: FormSubmissionEntity[]) => rows.map((r) => r.id).sort(descending);
    expect(seen).toEqual([...byIdDesc(late), ...byIdDesc(early)]);
  });

  it('filters by form; the last page has no cursor', async () => {
    const site = await newSite(ds);
    await forms.add(submission(site.id, 1, 'waitlist'));
    const contact = await forms.add(submission(site.id, 2, 'contact'));
    const page = await forms.page(site.ownerId, site.id, { form: 'contact', limit: 5 });
    expect(page).toEqual({ items: [expect.objectContaining({ id: contact.id, form: 'contact' })] });
    expect((await forms.page(site.ownerId, site.id, { form: 'newsletter', limit: 5 })).items).toEqual([]);
  });

  it("never reaches another owner's or another site's submissions", async () => {
    const site = await newSite(ds);
    const neighbour = await newSite(ds, site.ownerId);
    await forms.add(submission(site.id, 1));
    await forms.add(submission(neighbour.id, 2));
    expect(await forms.page(await newOwner(ds), site.id, { limit: 10 })).toEqual({ items: [] });
    expect(await collect(forms.all(await newOwner(ds), site.id))).toEqual([]);
    expect((await forms.page(site.ownerId, neighbour.id, { limit: 10 })).items.map((i) => i.data.email)).toEqual(['p2@example.test']);
  });

  it('refuses a cursor it did not give out with VALIDATION_FAILED, and clamps the limit', async () => {
    const site = await newSite(ds);
    await addAtOnce([1, 2, 3].map((n) => submission(site.id, n)));
    for (const before of [
      'not-base64!',
      Buffer.from('{"at":"x","id":"y"}').toString('base64url'),
      Buffer.from(JSON.stringify({ at: "2026-01-01 00:00:00+00'; --", id: randomUUID() })).toString('base64url'),
      Buffer.from('[]').toString('base64url'),
    ]) {
      await expect(forms.page(site.ownerId, site.id, { before, limit: 10 })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    expect((await forms.page(site.ownerId, site.id, { limit: 0 })).items).toHaveLength(1);
    expect((await forms.page(site.ownerId, site.id, { limit: 10_000 })).items).toHaveLength(3);
  });

  it('all: every submission of the site (or of one form), newest first, across batches', async () => {
    const site = await newSite(ds);
    const rows = await addAtOnce(Array.from({ length: 1205 }, (_, n) => submission(site.id, n, n % 5 === 0 ? 'contact' : 'waitlist')));
    const everything = await collect(forms.all(site.ownerId, site.id));
    expect(everything).toHaveLength(1205);
    expect(new Set(everything.map((r) => r.id)).size).toBe(1205);
    expect(everything.map((r) => r.id)).toEqual(rows.map((r) => r.id).sort(descending));
    expect(await collect(forms.all(site.ownerId, site.id, 'contact'))).toHaveLength(241);
  });

  it('deleting the site deletes its submissions', async () => {
    const site = await newSite(ds);
    await forms.add(submission(site.id, 1));
    await ds.query('DELETE FROM sites WHERE id = $1', [site.id]);
    expect(await ds.query('SELECT 1 FROM form_submissions WHERE site_id = $1', [site.id])).toEqual([]);
  });
});
