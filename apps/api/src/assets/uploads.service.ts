import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { Env } from '@studio/config';
import type { CreateUploadBody, UploadMediaType, UploadTicket, UploadView } from '@studio/contracts';
import { type UploadEntity, UploadsRepository } from '@studio/data';
import type { ObjectStore } from '@studio/files';
import { ENV, OBJECT_STORE } from '@studio/platform';
import { DomainError, RateLimitedError } from '../common/domain-error.js';
import { isUuid } from '../common/ids.js';
import { JobQueue } from '../infra/job-queue.service.js';
import { ProjectsService } from '../projects/projects.service.js';
import { AssetsService } from './assets.service.js';
import { checkUploadRequest, uploadObjectKey } from './upload-rules.js';
import { assetResultOf, chatResultOf, toUploadView } from './upload-view.js';

// An upload is completed seconds after its PUT; worth asking again after the URL's lifetime at most.
const PENDING_RETRY_SECONDS = 60;
// A PUT that started just before its URL expired may still be arriving: the upload itself stays completable
// this much longer than its URL.
const COMPLETE_GRACE_MS = 10 * 60_000;

/**
 * Uploads (docs/API.md "Assets and uploads"). The API never sees the bytes: it checks the request, signs a
 * PUT for exactly the declared length and type, and on completion checks what landed and hands it to the
 * worker. Always looked up by owner and project together: anyone else's upload does not exist.
 */
@Injectable()
export class UploadsService {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly projects: ProjectsService,
    private readonly assets: AssetsService,
    private readonly jobs: JobQueue,
    @Inject(OBJECT_STORE) private readonly objects: ObjectStore,
    @Inject(ENV) private readonly env: Env,
  ) {}

  async create(ownerId: string, projectId: string, body: CreateUploadBody): Promise<UploadTicket> {
    const project = await this.projects.getOwned(ownerId, projectId);
    checkUploadRequest(body, this.env);
    if (body.replaces !== undefined && !(await this.assets.headHasAsset(project.id, body.replaces))) {
      throw new DomainError('ASSET_NOT_FOUND', 'There is no asset at this path to replace.', { path: body.replaces });
    }
    const id = randomUUID();
    const ttl = this.env.UPLOAD_URL_TTL_SECONDS;
    const urlExpiresAt = new Date(Date.now() + ttl * 1000);
    const outcome = await this.uploads.create(
      {
        id,
        ownerId,
        projectId: project.id,
        purpose: body.purpose,
        fileName: body.fileName,
        contentType: body.contentType,
        declaredSize: body.size,
        alt: body.alt ?? null,
        replaces: body.replaces ?? null,
        objectKey: uploadObjectKey(project.id, id),
        expiresAt: new Date(urlExpiresAt.getTime() + COMPLETE_GRACE_MS),
      },
      { quotaBytes: this.env.USER_STORAGE_QUOTA_BYTES, maxPending: this.env.USER_MAX_PENDING_UPLOADS },
    );
    if (outcome.kind === 'pending') {
      throw new RateLimitedError(PENDING_RETRY_SECONDS, `You have ${outcome.pending} uploads not completed yet; finish or wait for those first.`, {
        pending: outcome.pending,
        limit: outcome.limit,
      });
    }
    if (outcome.kind === 'quota') {
      throw new DomainError('STORAGE_QUOTA_EXCEEDED', 'This file would take you past your storage quota.', { used: outcome.used, limit: outcome.limit, size: body.size });
    }
    const url = await this.objects.presignPut(outcome.upload.objectKey, { contentType: body.contentType, contentLength: body.size, expiresInSeconds: ttl });
    // Content-Length is signed too, but browsers set it themselves from the body (scripts may not).
    return { uploadId: id, url, method: 'PUT', headers: { 'content-type': body.contentType }, expiresAt: urlExpiresAt.toISOString() };
  }

  /**
   * The bytes are in the store: checks what landed and queues the worker's checks. Completing again, or an
   * upload already processed, answers its current state.
   */
  async complete(ownerId: string, projectId: string, uploadId: string, requestId?: string): Promise<UploadView> {
    const upload = await this.getOwned(ownerId, projectId, uploadId);
    if (upload.status === 'expired') throw expired();
    if (upload.status === 'processing') {
      // Queued again under the same job id: a no-op while the job exists, and the way out when the first
      // enqueue failed after the row moved on (the person completes again).
      await this.enqueue(upload, requestId);
      return this.view(upload);
    }
    if (upload.status !== 'pending') return this.view(upload);
    if (upload.expiresAt.getTime() < Date.now()) {
      await this.uploads.markExpired(upload.id);
      await this.objects.delete(upload.objectKey);
      throw expired();
    }
    const landed = await this.objects.size(upload.objectKey);
    if (landed === null) throw new DomainError('UPLOAD_INCOMPLETE', 'The file has not arrived yet: PUT it to the upload URL, then complete.');
    if (landed > upload.declaredSize) {
      const error = { code: 'UPLOAD_TOO_LARGE' as const, message: `${landed} bytes arrived; the upload declared ${upload.declaredSize}.`, details: { size: landed, limit: upload.declaredSize } };
      await this.uploads.markRefused(upload.id, error);
      await this.objects.delete(upload.objectKey);
      throw new DomainError(error.code, error.message, error.details);
    }
    if (await this.uploads.markProcessing(upload.id)) await this.enqueue(upload, requestId);
    return this.view(await this.getOwned(ownerId, projectId, uploadId));
  }

  private enqueue(upload: UploadEntity, requestId: string | undefined): Promise<void> {
    return this.jobs.enqueue('upload.process', { uploadId: upload.id, ownerId: upload.ownerId, requestId }, { jobId: upload.id });
  }

  async get(ownerId: string, projectId: string, uploadId: string): Promise<UploadView> {
    return this.view(await this.getOwned(ownerId, projectId, uploadId));
  }

  /** A done chat picture's bytes, for the person's own chat. */
  async content(ownerId: string, projectId: string, uploadId: string): Promise<{ stream: Readable; contentType: UploadMediaType }> {
    const upload = await this.getOwned(ownerId, projectId, uploadId);
    if (upload.purpose !== 'chat') throw new DomainError('UPLOAD_NOT_FOUND', 'An asset upload has no content here; its asset is a project file.');
    const picture = chatResultOf(upload);
    if (!picture) throw new DomainError('UPLOAD_INCOMPLETE', 'This picture is not ready.', { status: upload.status });
    // Chat pictures are raster only; an SVG is a document that could run script on this origin.
    if (picture.contentType === 'image/svg+xml') throw new DomainError('UPLOAD_TYPE_NOT_ALLOWED', 'This picture cannot be shown here.');
    const stream = await this.objects.get(picture.key);
    if (!stream) throw new DomainError('UPLOAD_NOT_FOUND', 'This picture is gone.');
    return { stream, contentType: picture.contentType };
  }

  private async getOwned(ownerId: string, projectId: string, uploadId: string): Promise<UploadEntity> {
    const project = await this.projects.getOwned(ownerId, projectId);
    const found = isUuid(uploadId) ? await this.uploads.findOwned(ownerId, project.id, uploadId) : null;
    if (!found) throw new DomainError('UPLOAD_NOT_FOUND', 'No such upload.');
    return found;
  }

  private async view(upload: UploadEntity): Promise<UploadView> {
    const done = assetResultOf(upload);
    const asset = done ? await this.assets.assetAt(upload.projectId, done.version, done.path).catch(() => null) : null;
    return toUploadView(upload, asset ?? undefined);
  }
}

const expired = () => new DomainError('UPLOAD_EXPIRED', 'This upload expired before it was completed; start a new one.');
