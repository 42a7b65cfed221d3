import type { Env } from '@studio/config';
import type { DeploymentView, FormSubmissionView, SiteView } from '@studio/contracts';
import type { DeploymentEntity, FormSubmissionEntity, SiteEntity } from '@studio/data';
import { siteView } from '@studio/publish';

/** docs/API.md "Sites and publishing": a site as its person sees it (the target's secret never in it). */
export const toSiteView = (site: SiteEntity, env: Env, traffic: { requests: number; bytes: number }, liveVersion: number | null): SiteView => siteView(site, env, traffic, liveVersion);

/** `live` is the site's pointer, not the deployment's status: a ready deployment may have been rolled back from. */
export const toDeploymentView = (d: DeploymentEntity, liveDeploymentId: string | null): DeploymentView => ({
  id: d.id,
  siteId: d.siteId,
  projectId: d.projectId,
  version: d.version,
  status: d.status,
  progress: d.progress,
  ...(d.stage ? { stage: d.stage } : {}),
  ...(d.error ? { error: d.error } : {}),
  live: d.id === liveDeploymentId,
  target: d.targetKind,
  ...(d.fileCount !== null ? { fileCount: d.fileCount } : {}),
  ...(d.sizeBytes !== null ? { sizeBytes: d.sizeBytes } : {}),
  ...(d.buildMs !== null ? { buildMs: d.buildMs } : {}),
  ...(d.publishMs !== null ? { publishMs: d.publishMs } : {}),
  createdAt: d.createdAt.toISOString(),
  ...(d.readyAt ? { readyAt: d.readyAt.toISOString() } : {}),
});

export const toFormSubmissionView = (s: FormSubmissionEntity): FormSubmissionView => ({
  id: s.id,
  form: s.form,
  page: s.page,
  data: s.data,
  createdAt: s.createdAt.toISOString(),
});
