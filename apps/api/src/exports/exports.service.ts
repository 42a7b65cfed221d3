import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import { type CreateExportBody, type ExportView, exportDownloadUrl } from '@studio/contracts';
import { type ExportEntity, ExportsRepository } from '@studio/data';
import type { ObjectStore } from '@studio/files';
import { ENV, OBJECT_STORE } from '@studio/platform';
import { DomainError, RateLimitedError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { JobQueue } from '../infra/job-queue.service.js';
import { ProjectsService } from '../projects/projects.service.js';

// A static build takes seconds: worth asking again after a few.
const PENDING_RETRY_SECONDS = 10;

export function toExportView(e: ExportEntity): ExportView {
  return {
    id: e.id,
    projectId: e.projectId,
    kind: e.kind,
    version: e.version,
    status: e.status,
    progress: e.progress,
    ...(e.sizeBytes !== null ? { sizeBytes: e.sizeBytes } : {}),
    ...(e.error ? { error: e.error } : {}),
    ...(e.status === 'ready' ? { downloadUrl: exportDownloadUrl(e.id) } : {}),
    ...(e.expiresAt ? { expiresAt: e.expiresAt.toISOString() } : {}),
    createdAt: e.createdAt.toISOString(),
  };
}

/** Exports (docs/API.md "Exports"), always looked up by owner and id together: another user's export does not exist. */
@Injectable()
export class ExportsService {
  constructor(
    private readonly exports: ExportsRepository,
    @Inject(ENV) private readonly env: Env,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    private readonly projects: ProjectsService,
    private readonly jobs: JobQueue,
  ) {}

  async create(ownerId: string, projectId: string, body: CreateExportBody, requestId?: string): Promise<ExportView> {
    const project = await this.projects.getOwned(ownerId, projectId);
    // Versions are numbered 1..head and never deleted, so the head is all there is to check.
    const version = body.version ?? project.headVersion;
    if (version > project.headVersion) throw new DomainError('VERSION_NOT_FOUND', `No version ${version} of this project.`, { version });
    // Expires from the start: an export that fails, or is never picked up, goes with the next expiry sweep
    // too; a ready one gets its own expiry when its zip is stored.
    const expiresAt = new Date(Date.now() + this.env.EXPORT_TTL_HOURS * 3600_000);
    await this.limitPending(ownerId);
    const row = await this.exports.create({ projectId: project.id, ownerId, kind: body.kind, version, expiresAt });
    await this.jobs.enqueue('export.build', { exportId: row.id, ownerId, requestId }, { jobId: row.id });
    return toExportView(row);
  }

  /** One user's exports in flight are capped (USER_MAX_PENDING_EXPORTS): past it, 429 until some have been built. */
  private async limitPending(ownerId: string): Promise<void> {
    const limit = this.env.USER_MAX_PENDING_EXPORTS;
    const pending = await this.exports.countPending(ownerId);
    if (pending >= limit) {
      throw new RateLimitedError(PENDING_RETRY_SECONDS, `You have ${pending} exports queued or building; start more when some are done.`, { pending, limit });
    }
  }

  async getOwned(ownerId: string, id: string): Promise<ExportEntity> {
    const found = isUuid(id) ? await this.exports.findOwned(ownerId, id) : null;
    if (!found) throw new DomainError('EXPORT_NOT_FOUND', 'No such export.');
    return found;
  }

  /** The zip, streamed from the store; a download name that says what it is. */
  async download(ownerId: string, id: string): Promise<{ stream: Readable; sizeBytes: number; fileName: string }> {
    const found = await this.getOwned(ownerId, id);
    if (found.status !== 'ready' || !found.objectKey) {
      throw new DomainError('EXPORT_NOT_READY', found.status === 'failed' ? 'This export failed; see its error.' : 'This export is not ready yet.', { status: found.status });
    }
    const stream = await this.objects.get(found.objectKey);
    if (!stream) throw new DomainError('EXPORT_NOT_FOUND', 'This export has expired.');
    const project = await this.projects.getOwned(ownerId, found.projectId);
    const slug =
      project.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'project';
    return { stream, sizeBytes: found.sizeBytes ?? 0, fileName: `${slug}-v${found.version}-${found.kind}.zip` };
  }
}
