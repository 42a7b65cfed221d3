import type { AdminBudgetBody, AdminPreviewsView, AdminRoleBody, AdminUsersPageView, AdminUserView, FailedJobView, MaintenanceRunView, QueueView } from '@studio/contracts';
import { api } from '../api/client';

/** The admin API (docs/API.md "Admin"), every route admin-only: a non-admin's call is refused with 403 ADMIN_ONLY. */
const user = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;
const queue = (name: string) => `/api/admin/queues/${encodeURIComponent(name)}`;

export const adminApi = {
  users: (q: string, offset = 0) => api<AdminUsersPageView>('GET', `/api/admin/users?${new URLSearchParams({ ...(q.trim() ? { q: q.trim() } : {}), limit: '50', offset: String(offset) })}`),
  user: (id: string) => api<AdminUserView>('GET', user(id)),
  disable: (id: string) => api<AdminUserView>('POST', `${user(id)}/disable`),
  enable: (id: string) => api<AdminUserView>('POST', `${user(id)}/enable`),
  setBudget: (id: string, body: AdminBudgetBody) => api<AdminUserView>('PUT', `${user(id)}/budget`, body),
  setRole: (id: string, body: AdminRoleBody) => api<AdminUserView>('PUT', `${user(id)}/role`, body),
  queues: () => api<QueueView[]>('GET', '/api/admin/queues'),
  failedJobs: (name: string) => api<FailedJobView[]>('GET', `${queue(name)}/failed`),
  retry: (name: string, jobId: string) => api<void>('POST', `${queue(name)}/jobs/${encodeURIComponent(jobId)}/retry`),
  discard: (name: string, jobId: string) => api<void>('DELETE', `${queue(name)}/jobs/${encodeURIComponent(jobId)}`),
  previews: () => api<AdminPreviewsView>('GET', '/api/admin/previews'),
  maintenance: () => api<MaintenanceRunView[]>('GET', '/api/admin/maintenance'),
};
