import { Inject, Injectable, Logger } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { AdminBudgetBody, AdminRoleBody, AdminUsersPageView, AdminUsersQuery, AdminUserView, BudgetView } from '@studio/contracts';
import { DbScope, PreviewSessionsRepository, SERVING_STATUSES, TurnsRepository, toMicroUsd, UsageRepository, type UserEntity, UsersRepository, type UserWithProjects } from '@studio/data';
import { ENV } from '@studio/platform';
import { AuditLog } from '../audit/audit-log.js';
import { CredentialRevocations } from '../auth/credential-revocations.js';
import { DomainError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { JobQueue } from '../infra/job-queue.service.js';
import { TurnsService } from '../turns/turns.service.js';
import { budgetSettings, budgetWithoutLedger, toUsd } from './budget-settings.js';

/** Admin routes read and change everyone's rows: outside the caller's own scope (row-level security). */
const asAdmin = <T>(fn: () => Promise<T>): Promise<T> => DbScope.asSystem('admin', fn);

/**
 * The people side of the admin API (docs/API.md "Admin"): list and search accounts, look at one, disable and
 * enable, set a budget and a role. Every call is audited with the admin as actor and the account as subject.
 */
@Injectable()
export class AdminUsersService {
  private readonly logger = new Logger(AdminUsersService.name);

  constructor(
    private readonly users: UsersRepository,
    private readonly usage: UsageRepository,
    private readonly previews: PreviewSessionsRepository,
    private readonly jobs: JobQueue,
    private readonly revocations: CredentialRevocations,
    private readonly audit: AuditLog,
    private readonly turns: TurnsRepository,
    private readonly turnsService: TurnsService,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async list(adminId: string, query: AdminUsersQuery): Promise<AdminUsersPageView> {
    const page = await asAdmin(async () => {
      const found = await this.users.page(query.q, query.limit, query.offset);
      return { users: await Promise.all(found.users.map((u) => this.view(u))), total: found.total };
    });
    await this.record(adminId, 'admin.users_listed', null, { q: query.q ?? null, limit: query.limit, offset: query.offset, total: page.total });
    return page;
  }

  async get(adminId: string, id: string): Promise<AdminUserView> {
    const view = await asAdmin(async () => this.view(await this.found(id)));
    await this.record(adminId, 'admin.user_viewed', id);
    return view;
  }

  /**
   * Disables the account: its sessions and API keys are revoked in the same transaction, their open sockets
   * hear `auth:revoked` and are dropped (on every API process), its running previews are stopped, and its
   * unfinished turns are cancelled (they would otherwise keep running and spending).
   */
  async disable(adminId: string, id: string): Promise<AdminUserView> {
    if (id === adminId) throw new DomainError('LAST_ADMIN', 'You cannot disable your own account.');
    const { ended, previews, turns, view } = await asAdmin(async () => {
      if (!isUuid(id)) throw userNotFound();
      const ended = await this.users.disable(id);
      if (!ended) throw userNotFound();
      for (const sessionId of ended.sessionIds) this.revocations.revoked({ kind: 'session', id: sessionId }, 'revoked');
      for (const apiKeyId of ended.apiKeyIds) this.revocations.revoked({ kind: 'api_key', id: apiKeyId }, 'revoked');
      const previews = await this.stopPreviews(id);
      const turns = await this.cancelTurns(id);
      return { ended, previews, turns, view: await this.view(await this.found(id)) };
    });
    await this.record(adminId, 'user.disabled', id, { sessions: ended.sessionIds.length, apiKeys: ended.apiKeyIds.length, previews, turns });
    return view;
  }

  async enable(adminId: string, id: string): Promise<AdminUserView> {
    const view = await asAdmin(async () => {
      if (!isUuid(id) || !(await this.users.enable(id))) throw userNotFound();
      return this.view(await this.found(id));
    });
    await this.record(adminId, 'user.enabled', id);
    return view;
  }

  async setBudget(adminId: string, id: string, body: AdminBudgetBody): Promise<AdminUserView> {
    const { previous, view } = await asAdmin(async () => {
      await this.found(id);
      const { previousMicroUsd } = await this.usage.setMonthlyBudget(id, body.monthlyUsd === null ? null : toMicroUsd(body.monthlyUsd));
      return { previous: previousMicroUsd === null ? null : toUsd(previousMicroUsd), view: await this.view(await this.found(id)) };
    });
    await this.record(adminId, 'budget.changed', id, { previousMonthlyUsd: previous, monthlyUsd: body.monthlyUsd });
    return view;
  }

  /** An admin keeps their own role: the one acting is always an admin, so some admin always remains. */
  async setRole(adminId: string, id: string, body: AdminRoleBody): Promise<AdminUserView> {
    if (id === adminId && body.role !== 'admin') throw new DomainError('LAST_ADMIN', 'You cannot take the admin role from yourself; another admin can.');
    const { previous, view } = await asAdmin(async () => {
      if (!isUuid(id)) throw userNotFound();
      const changed = await this.users.setRole(id, body.role);
      if (!changed) throw userNotFound();
      return { previous: changed.previous, view: await this.view(await this.found(id)) };
    });
    await this.record(adminId, 'role.changed', id, { previous, role: body.role });
    return view;
  }

  /**
   * The person's own cancel path (chat:cancel, TurnsService.cancel) for each unfinished turn: a queued one ends
   * `cancelled` now, a running one is flagged and its worker told to stop, so it ends `cancelled` with nothing
   * committed. A turn that ended meanwhile is skipped.
   */
  private async cancelTurns(userId: string): Promise<number> {
    let cancelled = 0;
    for (const turn of await this.turns.unfinishedOf(userId)) {
      try {
        await this.turnsService.cancel(userId, turn.id);
        cancelled++;
      } catch (err) {
        if (!(err instanceof DomainError && err.code === 'TURN_FINISHED')) throw err;
      }
    }
    return cancelled;
  }

  /** `preview.stop` (files kept) for each of the person's previews that serves now. */
  private async stopPreviews(userId: string): Promise<number> {
    const serving = (await this.previews.all()).filter((s) => s.userId === userId && s.projectId !== null && SERVING_STATUSES.has(s.status));
    for (const s of serving) if (s.projectId) await this.jobs.enqueue('preview.stop', { projectId: s.projectId, remove: false });
    return serving.length;
  }

  private async found(id: string): Promise<UserWithProjects> {
    const found = isUuid(id) ? await this.users.withProjects(id) : null;
    if (!found) throw userNotFound();
    return found;
  }

  private async view({ user, projects }: UserWithProjects): Promise<AdminUserView> {
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      createdAt: user.createdAt.toISOString(),
      disabledAt: user.disabledAt?.toISOString() ?? null,
      projects,
      budget: await this.budget(user),
    };
  }

  /** The ledger's view of the month; the configured figures alone if the ledger cannot answer. */
  private async budget(user: UserEntity): Promise<BudgetView> {
    const settings = budgetSettings(this.env);
    try {
      return await this.usage.budgetView(user.id, settings);
    } catch (err) {
      this.logger.warn(`budget of ${user.id} without the ledger: ${err instanceof Error ? err.message : String(err)}`);
      return budgetWithoutLedger(user, settings);
    }
  }

  private record(
    adminId: string,
    action: 'admin.users_listed' | 'admin.user_viewed' | 'user.disabled' | 'user.enabled' | 'budget.changed' | 'role.changed',
    subject: string | null,
    details?: Record<string, unknown>,
  ) {
    return this.audit.record({ action, actor: { kind: 'admin', userId: adminId }, subjectUserId: subject, target: subject ? { type: 'user', id: subject } : undefined, details });
  }
}

const userNotFound = () => new DomainError('USER_NOT_FOUND', 'No such user.');
