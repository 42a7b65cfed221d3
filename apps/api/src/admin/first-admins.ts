import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import type { Env } from '@studio/config';
import { DbScope, UsersRepository } from '@studio/data';
import { ENV } from '@studio/platform';
import { AuditLog } from '../audit/audit-log.js';
import { adminEmails } from '../auth/account-state.js';

/**
 * ADMIN_EMAILS at boot: existing accounts with those emails become admins, but only while no admin exists
 * (README "Admin": it bootstraps the first admin; after that roles change through the admin API or the CLI).
 * Sign-up does the same (AuthService). Each API process does this; the conditional update is serialized, so a
 * promotion is made, and audited, once.
 */
@Injectable()
export class FirstAdmins implements OnApplicationBootstrap {
  private readonly logger = new Logger(FirstAdmins.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly audit: AuditLog,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const promoted = await DbScope.asSystem('first admins', () => this.users.promote(adminEmails(this.env)));
    for (const user of promoted) {
      this.logger.log(`${user.email} is an admin (ADMIN_EMAILS)`);
      await this.audit.record({
        action: 'role.changed',
        actor: { kind: 'system', userId: null },
        subjectUserId: user.id,
        target: { type: 'user', id: user.id },
        details: { previous: 'user', role: 'admin', via: 'ADMIN_EMAILS' },
      });
    }
  }
}
