import { z } from 'zod';
import { text } from './text.js';
import type { BudgetView } from './usage.js';

/**
 * Admin (docs/API.md "Admin"): every route under /api/admin is for role `admin` only (403 ADMIN_ONLY otherwise)
 * and is audited. The first admin comes from ADMIN_EMAILS or `./studio admin grant <email>`.
 */
export const USER_ROLES = ['user', 'admin'] as const;
export type UserRole = (typeof USER_ROLES)[number];

/** `GET /api/admin/users?q&limit&offset`: `q` matches part of an email (case-insensitive). */
export const adminUsersQuerySchema = z
  .object({
    q: text().trim().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
    offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  })
  .strict();
export type AdminUsersQuery = z.infer<typeof adminUsersQuerySchema>;

export interface AdminUserView {
  id: string;
  email: string;
  role: UserRole;
  createdAt: string;
  /** Set while the account is disabled: no sign-in, no API key, no socket, no running preview. */
  disabledAt: string | null;
  projects: number;
  budget: BudgetView;
}

export interface AdminUsersPageView {
  users: AdminUserView[];
  total: number;
}

/** `PUT /api/admin/users/:id/budget`: a monthly budget in USD for this person; null goes back to the configured default. */
export const adminBudgetBodySchema = z.object({ monthlyUsd: z.number().min(0).max(1_000_000).nullable() }).strict();
export type AdminBudgetBody = z.infer<typeof adminBudgetBodySchema>;

/** `PUT /api/admin/users/:id/role`. An admin cannot take the role from themselves (the last admin stays). */
export const adminRoleBodySchema = z.object({ role: z.enum(USER_ROLES) }).strict();
export type AdminRoleBody = z.infer<typeof adminRoleBodySchema>;

/** One queue of the worker (`GET /api/admin/queues`). */
export interface QueueView {
  name: string;
  waiting: number;
  active: number;
  delayed: number;
  prioritized: number;
  /** Jobs that failed after their last retry: kept (dead letters) until retried or discarded. */
  failed: number;
  paused: boolean;
}

/** A job that failed after its last retry (`GET /api/admin/queues/:name/failed`). */
export interface FailedJobView {
  queue: string;
  id: string;
  name: string;
  /** The job's payload: ids only, never file contents or secrets. */
  data: Record<string, unknown>;
  error: string;
  attempts: number;
  failedAt: string | null;
}

/** Previews running on each host (`GET /api/admin/previews`). */
export interface AdminPreviewsView {
  hosts: {
    host: string;
    running: number;
    paused: number;
    previews: { projectId: string; ownerId: string; status: string; since: string | null }[];
  }[];
}

/** What one run of a storage-lifecycle job removed (`GET /api/admin/maintenance`). */
export interface MaintenanceRunView {
  id: string;
  job: string;
  startedAt: string;
  finishedAt: string | null;
  /** Counts and bytes by kind: `{ blobs: 12, blobBytes: 40960, projectsArchived: 1, exports: 3 }`. */
  removed: Record<string, number>;
  error: string | null;
}
