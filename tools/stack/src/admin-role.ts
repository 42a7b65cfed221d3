import type { UserRole } from '@studio/contracts';
import { AuditEventsRepository, createDataSource, UsersRepository } from '@studio/data';
import { StackError, say } from './log.js';

/** What `setRole` did: the account's id and the role it had before. */
export interface RoleChange {
  userId: string;
  previous: UserRole;
  role: UserRole;
}

/**
 * Gives (or takes) the admin role of the account with `email` in the database at `url`, and records it in the
 * audit trail (actor: the platform, via the CLI). Null when no account has that email.
 */
export async function setRole(url: string, email: string, role: UserRole): Promise<RoleChange | null> {
  const db = createDataSource(url, { poolSize: 1, applicationName: 'studio-admin' });
  await db.initialize();
  try {
    const changed = await new UsersRepository(db).setRoleByEmail(email, role);
    if (!changed) return null;
    if (changed.previous !== role) {
      await new AuditEventsRepository(db).append({
        action: 'role.changed',
        actorKind: 'system',
        actorUserId: null,
        subjectUserId: changed.id,
        targetType: 'user',
        targetId: changed.id,
        details: { previous: changed.previous, role, via: 'cli' },
      });
    }
    return { userId: changed.id, previous: changed.previous, role };
  } finally {
    await db.destroy();
  }
}

/** `./studio admin grant|revoke <email>` against DATABASE_URL. */
export async function admin(args: string[]): Promise<number> {
  const [verb, email] = args;
  if ((verb !== 'grant' && verb !== 'revoke') || !email) {
    process.stderr.write('usage: ./studio admin grant|revoke <email>\n');
    return 2;
  }
  const url = process.env.DATABASE_URL;
  if (!url) throw new StackError('Set DATABASE_URL to the database of the accounts (./studio up prints it in its log).');
  const role = verb === 'grant' ? 'admin' : 'user';
  const changed = await setRole(url, email, role);
  if (!changed) {
    process.stderr.write(`[studio] no account has the email ${email}\n`);
    return 1;
  }
  say(changed.previous === role ? `${email} already had the role ${role}; nothing changed` : `${email} (${changed.userId}) now has the role ${role} (was ${changed.previous})`);
  return 0;
}
