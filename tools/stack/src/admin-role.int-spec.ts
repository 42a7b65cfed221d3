import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { AuditEventsRepository, createDataSource, UsersRepository } from '@studio/data';
import { admin, setRole } from './admin-role.js';

/** `./studio admin grant|revoke` against the test stack's real PostgreSQL. */
const url = process.env.DATABASE_URL!;
let db: ReturnType<typeof createDataSource>;

beforeAll(async () => {
  db = createDataSource(url, { poolSize: 1 });
  await db.initialize();
});
afterAll(() => db.destroy());

describe('./studio admin', () => {
  it('grants and revokes the admin role by email (any case), and audits each change', async () => {
    const email = `cli-${randomUUID().slice(0, 8)}@example.test`;
    const user = await new UsersRepository(db).create({ email, passwordHash: 'h' });

    expect(await setRole(url, email.toUpperCase(), 'admin')).toEqual({ userId: user.id, previous: 'user', role: 'admin' });
    expect((await new UsersRepository(db).findById(user.id))?.role).toBe('admin');
    // Granting again changes nothing and records nothing.
    expect(await setRole(url, email, 'admin')).toEqual({ userId: user.id, previous: 'admin', role: 'admin' });
    expect(await admin(['revoke', email])).toBe(0);
    expect((await new UsersRepository(db).findById(user.id))?.role).toBe('user');

    const trail = await new AuditEventsRepository(db).page({ subjectUserId: user.id, limit: 10, action: 'role.changed' });
    expect(trail.events.map((e) => [e.actor.kind, e.details])).toEqual([
      ['system', { previous: 'admin', role: 'user', via: 'cli' }],
      ['system', { previous: 'user', role: 'admin', via: 'cli' }],
    ]);
  });

  it('exits 1 for an email no account has, and 2 without an email', async () => {
    const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await setRole(url, `nobody-${randomUUID()}@example.test`, 'admin')).toBeNull();
      expect(await admin(['grant', `nobody-${randomUUID()}@example.test`])).toBe(1);
      expect(await admin(['grant'])).toBe(2);
      expect(stderr.mock.calls.map((c) => String(c[0])).join('')).toMatch(/no account has the email nobody-/);
    } finally {
      stderr.mockRestore();
    }
  });
});
