import type { Env } from '@studio/config';
import type { UsersRepository } from '@studio/data';
import type { AuditEntry, AuditLog } from '../audit/audit-log.js';
import { FirstAdmins } from './first-admins.js';

function boot(adminEmails: string, promoted: { id: string; email: string }[]) {
  const asked: string[][] = [];
  const recorded: AuditEntry[] = [];
  const users = {
    promote: async (emails: string[]) => {
      asked.push(emails);
      return promoted;
    },
  } as unknown as UsersRepository;
  const audit = { record: async (entry: AuditEntry) => void recorded.push(entry) } as unknown as AuditLog;
  return { asked, recorded, run: () => new FirstAdmins(users, audit, { ADMIN_EMAILS: adminEmails } as Env).onApplicationBootstrap() };
}

describe('FirstAdmins (ADMIN_EMAILS at boot, while no admin exists)', () => {
  it('promotes the listed emails, as stored (trimmed, lower-cased), and audits each promotion as the system', async () => {
    const b = boot(' Ops@Example.com, ,second@example.com ', [{ id: 'u1', email: 'ops@example.com' }]);
    await b.run();
    expect(b.asked).toEqual([['ops@example.com', 'second@example.com']]);
    expect(b.recorded).toEqual([
      { action: 'role.changed', actor: { kind: 'system', userId: null }, subjectUserId: 'u1', target: { type: 'user', id: 'u1' }, details: { previous: 'user', role: 'admin', via: 'ADMIN_EMAILS' } },
    ]);
  });

  it('records nothing when nobody was promoted (an admin exists already, or no such accounts)', async () => {
    const b = boot('ops@example.com', []);
    await b.run();
    expect(b.recorded).toEqual([]);
  });
});
