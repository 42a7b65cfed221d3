import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { UsersRepository } from '@studio/data';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/domain-error.js';

/**
 * Every route under /api/admin (docs/API.md "Admin"): runs after the global AuthGuard, so the caller is known.
 * Only a signed-in admin passes; an API key never does, even an admin's: a key is a script's long-lived secret,
 * and one leaked key must not be able to disable accounts or discard jobs. The role is read on each request,
 * so taking it away takes effect at once.
 */
@Injectable()
export class AdminGuard implements CanActivate {
  constructor(@Inject(UsersRepository) private readonly users: Pick<UsersRepository, 'findById'>) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { principal } = ctx.switchToHttp().getRequest<{ principal?: Principal }>();
    if (!principal) throw new DomainError('UNAUTHORIZED', 'Sign in first.');
    if (principal.via !== 'jwt') throw new DomainError('ADMIN_ONLY', 'Admin routes need a signed-in admin; API keys cannot use them.');
    const user = await this.users.findById(principal.userId);
    if (user?.role !== 'admin' || user.disabledAt) throw new DomainError('ADMIN_ONLY', 'Only an admin may do this.');
    return true;
  }
}
