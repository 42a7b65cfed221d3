import { randomUUID } from 'node:crypto';
import { createDataSource } from '../data-source.js';
import { AuditEventsRepository, type NewAuditEvent } from './audit-events.repository.js';

/** Against the test stack's real PostgreSQL, migrated by `./studio test` before the tests start. */
let ds: ReturnType<typeof createDataSource>;
let audit: AuditEventsRepository;

beforeAll(async () => {
  ds = createDataSource(process.env.DATABASE_URL!, { poolSize: 2 });
  await ds.initialize();
  audit = new AuditEventsRepository(ds);
});
afterAll(() => ds.destroy());

const event = (subjectUserId: string, over: Partial<NewAuditEvent> = {}): NewAuditEvent => ({
  action: 'project.created',
  actorKind: 'user',
  actorUserId: subjectUserId,
  subjectUserId,
  ...over,
});

/** Appends and returns the id the database gave it (the newest of the subject's records). */
const appendOne = async (e: NewAuditEvent): Promise<string> => {
  await audit.append(e);
  const [row]: { id: string }[] = await ds.query(`SELECT id::text AS id FROM audit_events WHERE subject_user_id IS NOT DISTINCT FROM $1 ORDER BY audit_events.id DESC LIMIT 1`, [e.subjectUserId]);
  return row.id;
};

describe('AuditEventsRepository', () => {
  it('appends a record and reads it back as the view, with every field', async () => {
    const me = randomUUID();
    const before = Date.now();
    const id = await appendOne(event(me, { action: 'project.renamed', targetType: 'project', targetId: 'p1', ip: '203.0.113.9', requestId: 'req-1', details: { name: 'New' } }));
    const page = await audit.page({ subjectUserId: me, limit: 10 });
    expect(page).toEqual({
      next: null,
      events: [
        {
          id,
          at: expect.any(String),
          action: 'project.renamed',
          actor: { kind: 'user', userId: me },
          subjectUserId: me,
          target: { type: 'project', id: 'p1' },
          ip: '203.0.113.9',
          requestId: 'req-1',
          details: { name: 'New' },
        },
      ],
    });
    expect(Date.parse(page.events[0].at)).toBeGreaterThanOrEqual(before - 5000);
  });

  it("pages one person's trail newest first, filters by action, and never shows another's", async () => {
    const me = randomUUID();
    const ids: string[] = [];
    for (const action of ['auth.signed_up', 'auth.signed_in', 'project.created', 'auth.signed_in'] as const) ids.push(await appendOne(event(me, { action })));
    await audit.append(event(randomUUID(), { action: 'auth.signed_in' }));
    await audit.append({ ...event(me), actorKind: 'anonymous', actorUserId: null, subjectUserId: null, action: 'auth.sign_in_failed' });

    const first = await audit.page({ subjectUserId: me, limit: 3 });
    expect(first.events.map((e) => e.id)).toEqual([ids[3], ids[2], ids[1]]);
    expect(first.next).toBe(ids[1]);
    const second = await audit.page({ subjectUserId: me, limit: 3, before: first.next! });
    expect(second).toMatchObject({ next: null, events: [{ id: ids[0], action: 'auth.signed_up', target: null, ip: null, requestId: null, details: {} }] });

    const signIns = await audit.page({ subjectUserId: me, limit: 10, action: 'auth.signed_in' });
    expect(signIns.events.map((e) => e.id)).toEqual([ids[3], ids[1]]);
  });

  it("shows everyone's records, anonymous ones included, when no subject is given (the admin's view)", async () => {
    const someone = randomUUID();
    const own = await appendOne(event(someone, { action: 'auth.signed_out' }));
    await audit.append({ ...event(someone), actorKind: 'anonymous', actorUserId: null, subjectUserId: null, action: 'auth.sign_in_failed', details: { marker: someone } });
    // Other tests may append at the same time: look for these two among the newest.
    const all = (await audit.page({ subjectUserId: null, limit: 200 })).events;
    const anonymous = all.findIndex((e) => e.details.marker === someone);
    const mine = all.findIndex((e) => e.id === own);
    expect(mine).toBeGreaterThan(anonymous);
    expect(all[anonymous]).toMatchObject({ action: 'auth.sign_in_failed', actor: { kind: 'anonymous', userId: null }, subjectUserId: null });
    expect(all.every((e, i) => i === 0 || BigInt(all[i - 1].id) > BigInt(e.id))).toBe(true);
  });

  it('prunes only records older than the cutoff, in batches larger than one transaction', async () => {
    const old = randomUUID();
    // 1005 records from 2001: more than one batch of retention.
    await ds.query(
      `INSERT INTO audit_events (at, action, actor_kind, actor_user_id, subject_user_id)
       SELECT timestamptz '2001-01-01' + g * interval '1 second', 'auth.signed_in', 'user', $1, $1 FROM generate_series(1, 1005) g`,
      [old],
    );
    const kept = await appendOne(event(old));
    expect(await audit.prune(new Date('2001-02-01T00:00:00Z'))).toBe(1005);
    expect((await audit.page({ subjectUserId: old, limit: 10 })).events.map((e) => e.id)).toEqual([kept]);
    expect(await audit.prune(new Date('2001-02-01T00:00:00Z'))).toBe(0);
  });
});

describe('audit_events is append-only (the trigger)', () => {
  let id: string;
  beforeAll(async () => {
    id = await appendOne(event(randomUUID()));
  });

  it('refuses UPDATE', async () => {
    await expect(ds.query(`UPDATE audit_events SET action = 'auth.signed_out' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('refuses DELETE without the retention setting', async () => {
    await expect(ds.query(`DELETE FROM audit_events WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
  });

  it('refuses TRUNCATE, and UPDATE even inside retention’s transaction', async () => {
    await expect(ds.query(`TRUNCATE audit_events`)).rejects.toThrow(/append-only/);
    await expect(
      ds.transaction(async (tx) => {
        await tx.query(`SET LOCAL studio.audit_prune = 'on'`);
        await tx.query(`UPDATE audit_events SET ip = '198.51.100.1' WHERE id = $1`, [id]);
      }),
    ).rejects.toThrow(/append-only/);
    const [row]: { action: string; ip: string | null }[] = await ds.query(`SELECT action, ip FROM audit_events WHERE id = $1`, [id]);
    expect(row).toEqual({ action: 'project.created', ip: null });
  });
});
