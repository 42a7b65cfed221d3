import { z } from 'zod';

/**
 * The audit trail (docs/API.md "Audit trail"): append-only records of what was done to accounts and projects,
 * by whom, from where. A person reads their own (`GET /api/audit`); an admin reads everyone's
 * (`GET /api/admin/audit`). Records older than AUDIT_RETENTION_DAYS are removed by maintenance.
 */
export const AUDIT_ACTIONS = [
  'auth.signed_up',
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.refresh_reused',
  'auth.signed_out',
  'api_key.created',
  'api_key.revoked',
  'provider_key.saved',
  'provider_key.deleted',
  'project.created',
  'project.renamed',
  'project.deleted',
  'version.restored',
  'site.published',
  'site.rolled_back',
  'budget.changed',
  'role.changed',
  'user.disabled',
  'user.enabled',
  // Admin routes that change nothing are audited too (who looked at whom).
  'admin.users_listed',
  'admin.user_viewed',
  'admin.queues_viewed',
  'admin.job_retried',
  'admin.job_discarded',
  'admin.previews_viewed',
  'admin.audit_viewed',
  'admin.maintenance_viewed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted: a person (as themselves), an admin (on someone), the platform, or nobody signed in (a failed sign-in). */
export type AuditActorKind = 'user' | 'admin' | 'system' | 'anonymous';

export interface AuditEventView {
  id: string;
  at: string;
  action: AuditAction;
  actor: { kind: AuditActorKind; userId: string | null };
  /** The person whose trail this is (the account signed in to, the owner of the project, the admin's target). */
  subjectUserId: string | null;
  target: { type: string; id: string } | null;
  ip: string | null;
  requestId: string | null;
  /** What else matters for this action (a project's new name, a budget's old and new amount); never a secret. */
  details: Record<string, unknown>;
}

/** `GET /api/audit` (and `/api/admin/audit`, which also takes `userId`): newest first, `before` an id to page. */
export const auditQuerySchema = z
  .object({
    before: z
      .string()
      .regex(/^\d{1,19}$/, { message: 'must be an event id' })
      .optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    action: z.enum(AUDIT_ACTIONS).optional(),
    userId: z.string().uuid().optional(),
  })
  .strict();
export type AuditQuery = z.infer<typeof auditQuerySchema>;

export interface AuditPageView {
  events: AuditEventView[];
  /** Pass as `before` for the next (older) page; null at the end. */
  next: string | null;
}
